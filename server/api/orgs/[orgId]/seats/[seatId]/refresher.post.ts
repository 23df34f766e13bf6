import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { seats } from '../../../../../db/schema'
import { DomainError } from '../../../../../domain/platform/errors'
import { startRefresher } from '../../../../../services/assessment-completion/completion'

/**
 * A training lead starts a refresher for one of their learners (expiring soon or expired): it takes one of the
 * organisation's licences, once. Someone not holding one of this organisation's seats reads as not found.
 */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { seatId } = readParams(event, z.object({ seatId: uuidParam('None of your organisation\'s learners holds this licence.') }))
  const [db, course] = await Promise.all([useDb(), useCourse(event)])
  const [seat] = await db.select({ userId: seats.assignedUserId }).from(seats)
    .where(and(eq(seats.id, seatId), eq(seats.organisationId, orgId), eq(seats.status, 'assigned'), eq(seats.purpose, 'first')))
  if (!seat?.userId) throw new DomainError('not_found', 'None of your organisation\'s learners holds this licence.')
  const started = await startRefresher(db, course, { userId: seat.userId, organisationId: orgId, by: 'lead', actorId: user.id }, serverNow())
  return { outcome: started.outcome }
})
