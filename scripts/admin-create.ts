/**
 * Creates a platform admin, or promotes an existing user: `npm run admin:create -- --email a@b.c [--name "A Person"]`.
 * A new account gets a random password, printed once; the person should use "Forgotten password" to set their own.
 */
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { users } from '../server/db/schema'
import { normaliseEmail } from '../server/domain/accounts/accounts'
import { generateRandomToken } from '../server/domain/platform/tokens'
import { writeAudit } from '../server/services/platform/audit'
import { hashPassword } from '../server/services/accounts/passwords'
import { withScriptDatabase } from './script-database'

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } })
if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) {
  console.error('Usage: npm run admin:create -- --email person@example.org [--name "Full Name"]')
  process.exit(2)
}
const email = normaliseEmail(values.email)

await withScriptDatabase(async ({ db }) => {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (existing) {
    await db.update(users).set({ isAdmin: true }).where(eq(users.id, existing.id))
    await writeAudit(db, { actorId: null, action: 'admin.promoted', targetType: 'user', targetId: existing.id, details: { by: 'admin:create' } })
    console.info(`${email} is now an admin.`)
    return
  }
  const password = generateRandomToken(12)
  const [created] = await db.insert(users).values({
    email,
    name: values.name ?? email.split('@')[0]!,
    passwordHash: await hashPassword(password),
    isAdmin: true,
    emailVerifiedAt: new Date(),
  }).returning({ id: users.id })
  await writeAudit(db, { actorId: null, action: 'admin.created', targetType: 'user', targetId: created!.id, details: { by: 'admin:create' } })
  console.info(`Created admin ${email} with the one-time password: ${password}`)
})
