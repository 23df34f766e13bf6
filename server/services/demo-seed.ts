import { sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { memberships, organisations, seats, users } from '../db/schema'
import { hashPassword } from './passwords'

export const DEMO_ACCOUNTS = [
  { role: 'admin', name: 'Demo Admin', email: 'admin@demo.local', password: 'demo-admin-password' },
  { role: 'training lead', name: 'Demo Training Lead', email: 'lead@demo.local', password: 'demo-lead-password' },
  { role: 'learner', name: 'Demo Learner', email: 'learner@demo.local', password: 'demo-learner-password' },
] as const

/**
 * Seeds demo accounts into an empty embedded database so a newcomer can look around at once.
 * Only ever called for the embedded default outside production. Returns whether it seeded.
 */
export async function seedDemoData(db: Db): Promise<boolean> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(users) as [{ count: number }]
  if (count > 0) return false
  const now = new Date()
  const created = []
  for (const account of DEMO_ACCOUNTS) {
    const [user] = await db.insert(users).values({
      email: account.email,
      name: account.name,
      passwordHash: await hashPassword(account.password),
      isAdmin: account.role === 'admin',
      emailVerifiedAt: now,
    }).returning({ id: users.id })
    created.push({ ...account, id: user!.id })
  }
  const [org] = await db.insert(organisations).values({ name: 'Demoshire County Council, Children\'s Services' }).returning({ id: organisations.id })
  const lead = created.find(a => a.role === 'training lead')!
  await db.insert(memberships).values({ organisationId: org!.id, userId: lead.id, role: 'manager' })
  // The demo learner holds a seat, so the whole course can be tried at once.
  const learner = created.find(a => a.role === 'learner')!
  await db.insert(seats).values({ organisationId: org!.id, status: 'assigned', assignedUserId: learner.id })
  return true
}
