/**
 * Gives a user a seat: `npm run seat:grant -- --email a@b.c`. Stands in for buying a licence
 * until payments exist. Uses DATABASE_URL, else the embedded database under .data/.
 */
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { users } from '../server/db/schema'
import { normaliseEmail } from '../server/domain/accounts/accounts'
import { grantSeat } from '../server/services/course-progress/access'
import { writeAudit } from '../server/services/platform/audit'
import { withScriptDatabase } from './script-database'

const { values } = parseArgs({ options: { email: { type: 'string' } } })
if (!values.email) {
  console.error('Usage: npm run seat:grant -- --email person@example.org')
  process.exit(2)
}
const email = normaliseEmail(values.email)

await withScriptDatabase(async ({ db }) => {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (!user) {
    console.error(`No account uses ${email}. The person must sign up first.`)
    process.exitCode = 1
    return
  }
  const { seatId, created } = await grantSeat(db, user.id)
  if (created) await writeAudit(db, { actorId: null, action: 'seat.granted', targetType: 'seat', targetId: seatId, details: { email, by: 'seat:grant' } })
  console.info(created ? `${email} now holds a seat.` : `${email} already holds a seat.`)
})
