import { and, asc, eq, exists, sql } from 'drizzle-orm'
import { type Db, preparedPerDatabase } from '../db/client'
import { enrolments, seats } from '../db/schema'
import { serverNow } from '../utils/clock'

/** The seat assigned to a user, if any: holding one is what opens the paid sections. */
export async function findAssignedSeat(db: Db, userId: string) {
  const [seat] = await db.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned'))).orderBy(asc(seats.createdAt)).limit(1)
  return seat ?? null
}

export async function findEnrolment(db: Db, userId: string, courseVersion: number) {
  const [row] = await db.select().from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseVersion, courseVersion)))
  return row ?? null
}

/** The usual case of a progress save's access check, prepared once (see enrolmentForSeatHolder). */
const enrolmentLookup = preparedPerDatabase((db: Db) => {
  return db.select().from(enrolments).where(and(
    eq(enrolments.userId, sql.placeholder('userId')),
    eq(enrolments.courseVersion, sql.placeholder('courseVersion')),
    exists(db.select({ one: sql`1` }).from(seats).where(and(eq(seats.assignedUserId, sql.placeholder('userId')), eq(seats.status, 'assigned')))),
  )).prepare('enrolment_of_seat_holder')
})

/**
 * The learner's enrolment while they hold a seat, created on first use; null without a seat, so a learner
 * whose seat was taken back is refused from then on. The seat row is locked (shared) while the enrolment
 * is made: a training lead freeing the same seat (server/services/org-seats.ts, releaseSeat) locks it too,
 * so either the learner has started and keeps the seat, or the seat is freed and this finds none.
 *
 * Every progress save asks this, so the usual case (enrolled already, seat still held) is one read: once
 * the enrolment exists the seat can no longer be freed from under the learner, so there is nothing to lock.
 */
export async function enrolmentForSeatHolder(db: Db, userId: string, courseVersion: number) {
  const [enrolled] = await enrolmentLookup(db).execute({ userId, courseVersion })
  if (enrolled) return enrolled
  return db.transaction(async (tx) => {
    const [seat] = await tx.select({ id: seats.id }).from(seats)
      .where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned')))
      .orderBy(asc(seats.createdAt)).limit(1).for('share')
    if (!seat) return null
    // Active time is credited from this moment on the server's clock, never from before the learner started.
    const now = serverNow()
    await tx.insert(enrolments).values({ userId, courseVersion, seatId: seat.id, startedAt: now, lastActiveAt: now, timeCreditedUntil: now }).onConflictDoNothing()
    return findEnrolment(tx, userId, courseVersion)
  })
}

/** Gives a user a seat of their own (`npm run seat:grant`). Idempotent. */
export async function grantSeat(db: Db, userId: string) {
  const seat = await findAssignedSeat(db, userId)
  if (seat) return { seatId: seat.id, created: false }
  const [created] = await db.insert(seats).values({ status: 'assigned', assignedUserId: userId }).returning({ id: seats.id })
  return { seatId: created!.id, created: true }
}
