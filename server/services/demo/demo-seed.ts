import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { enrolments, memberships, organisations, sectionProgress, seats, users } from '../../db/schema'
import { generateRandomToken } from '../../domain/platform/tokens'
import { readCourseOutline } from '../course-progress/course-outline'
import { inviteLearners } from '../organisations/invitations'
import { hashPassword } from '../accounts/passwords'

export const DEMO_ACCOUNTS = [
  { role: 'admin', name: 'Demo Admin', email: 'admin@demo.local', password: 'demo-admin-password' },
  { role: 'training lead', name: 'Demo Training Lead', email: 'lead@demo.local', password: 'demo-lead-password' },
  { role: 'learner', name: 'Demo Learner', email: 'learner@demo.local', password: 'demo-learner-password' },
] as const

/** The demo organisation's other learners: how far each has got, and when they were last seen (days ago). */
const DEMO_LEARNERS = [
  { name: 'Priya Patel', email: 'priya.patel@demo.local', sectionsDone: 5, lastActiveDaysAgo: 2, completedDaysAgo: null },
  { name: 'Tom Hughes', email: 'tom.hughes@demo.local', sectionsDone: 1, lastActiveDaysAgo: 9, completedDaysAgo: null },
  { name: 'Grace Okafor', email: 'grace.okafor@demo.local', sectionsDone: 'all', lastActiveDaysAgo: 20, completedDaysAgo: 20 },
  { name: 'Daniel Evans', email: 'daniel.evans@demo.local', sectionsDone: 'all', lastActiveDaysAgo: 64, completedDaysAgo: 64 },
  { name: 'Sam Lee', email: 'sam.lee@demo.local', sectionsDone: null, lastActiveDaysAgo: null, completedDaysAgo: null },
] as const

const DEMO_INVITED = [
  { email: 'jo.bloggs@demo.local', name: 'Jo Bloggs' },
  { email: 'alex.morgan@demo.local', name: 'Alex Morgan' },
]

const DEMO_SEATS = 25

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000)

/** Gives a user one of the organisation's free seats, as accepting an invitation does. */
async function assignSeat(db: Db, organisationId: string, user: { id: string, email: string }) {
  const [free] = await db.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.organisationId, organisationId), eq(seats.status, 'available'))).orderBy(asc(seats.id)).limit(1)
  await db.update(seats).set({ status: 'assigned', assignedUserId: user.id, invitedEmail: user.email }).where(eq(seats.id, free!.id))
  await db.insert(memberships).values({ organisationId, userId: user.id, role: 'learner' })
}

/**
 * Seeds demo data into an empty embedded database so a newcomer can look around at once: the three demo
 * accounts, and the training lead's organisation with licences, learners at every stage and two open
 * invitations (their emails are in the dev mailbox). Only ever called for the embedded default outside
 * production. Returns whether it seeded.
 */
export async function seedDemoData(db: Db, siteUrl = 'http://localhost:3000', outline = readCourseOutline()): Promise<boolean> {
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
    }).returning({ id: users.id, name: users.name, email: users.email })
    created.push({ ...account, ...user! })
  }
  const [org] = await db.insert(organisations).values({ name: 'Demoshire County Council, Children\'s Services' }).returning({ id: organisations.id })
  const organisationId = org!.id
  const lead = created.find(a => a.role === 'training lead')!
  await db.insert(memberships).values({ organisationId, userId: lead.id, role: 'manager' })
  await db.execute(sql`insert into seats (organisation_id, status) select ${organisationId}::uuid, 'available' from generate_series(1, ${DEMO_SEATS}::int)`)

  // The demo learner holds a seat and has not started, so the whole course can be tried from the beginning.
  await assignSeat(db, organisationId, created.find(a => a.role === 'learner')!)

  // The other learners never sign in, so they share one unusable password.
  const unusable = await hashPassword(generateRandomToken())
  for (const person of DEMO_LEARNERS) {
    const [user] = await db.insert(users).values({ email: person.email, name: person.name, passwordHash: unusable, emailVerifiedAt: now })
      .returning({ id: users.id, email: users.email })
    await assignSeat(db, organisationId, user!)
    if (person.sectionsDone === null) continue
    const completedAt = person.completedDaysAgo === null ? null : daysAgo(now, person.completedDaysAgo)
    const [enrolment] = await db.insert(enrolments).values({
      userId: user!.id,
      courseVersion: outline.version,
      startedAt: daysAgo(now, (person.lastActiveDaysAgo ?? 0) + 7),
      lastActiveAt: daysAgo(now, person.lastActiveDaysAgo ?? 0),
      completedAt,
    }).returning({ id: enrolments.id })
    const done = person.sectionsDone === 'all' ? outline.sectionIds : outline.sectionIds.slice(0, person.sectionsDone)
    if (done.length) {
      await db.insert(sectionProgress).values(done.map(sectionId => ({
        enrolmentId: enrolment!.id, sectionId, status: 'completed' as const, contentReached: true, completedAt: completedAt ?? daysAgo(now, person.lastActiveDaysAgo ?? 0),
      })))
    }
  }

  await inviteLearners(db, { organisationId, actor: { id: lead.id, name: lead.name }, siteUrl }, DEMO_INVITED.map((p, i) => ({ line: i + 1, ...p })))
  return true
}
