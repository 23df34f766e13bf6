import { createHash } from 'node:crypto'
import { and, asc, desc, eq, exists, sql, type SQLWrapper } from 'drizzle-orm'
import { type Db, preparedPerDatabase } from '../../db/client'
import { enrolments, seats } from '../../db/schema'

/** The seat assigned to a user, if any: holding one is what opens the paid sections. */
export async function findAssignedSeat(db: Db, userId: string) {
  const [seat] = await db.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned'))).orderBy(asc(seats.createdAt)).limit(1)
  return seat ?? null
}

/**
 * The learner's current enrolment in a course version: their latest cycle, so once they start a refresher
 * (server/services/assessment-completion/completion.ts) every page and save works on it, and the completed one stays as it was.
 */
export async function findEnrolment(db: Db, userId: string, courseVersion: number) {
  const [row] = await db.select().from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseVersion, courseVersion)))
    .orderBy(desc(enrolments.cycle)).limit(1)
  return row ?? null
}

/** The rule every progress save checks: the learner's enrolment in this course version, while they hold a seat. */
function ofSeatHolder(db: Db, userId: SQLWrapper | string, courseVersion: SQLWrapper | number) {
  return and(
    eq(enrolments.userId, userId),
    eq(enrolments.courseVersion, courseVersion),
    exists(db.select({ one: sql`1` }).from(seats).where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned')))),
  )
}

/** The usual case of a progress save's access check, prepared once (see enrolmentForSeatHolder). */
const enrolmentLookup = preparedPerDatabase((db: Db) => {
  return db.select().from(enrolments).where(ofSeatHolder(db, sql.placeholder('userId'), sql.placeholder('courseVersion')))
    .orderBy(desc(enrolments.cycle)).limit(1).prepare('enrolment_of_seat_holder')
})

/**
 * The id of the seat holder's existing enrolment, as a subquery, for a statement that checks access and saves
 * in one round trip (a lone position save, server/services/course-progress/progress.ts). Finds nothing before the first save.
 */
export function seatHolderEnrolmentId(db: Db, userId: SQLWrapper | string, courseVersion: SQLWrapper | number) {
  return db.select({ id: enrolments.id }).from(enrolments).where(ofSeatHolder(db, userId, courseVersion))
    .orderBy(desc(enrolments.cycle)).limit(1)
}

/**
 * The learner's enrolment while they hold a seat, created on first use; null without a seat, so a learner
 * whose seat was taken back is refused from then on. The seat row is locked (shared) while the enrolment
 * is made: a training lead freeing the same seat (server/services/organisations/org-seats.ts, releaseSeat) locks it too,
 * so either the learner has started and keeps the seat, or the seat is freed and this finds none.
 *
 * Every progress save asks this, so the usual case (enrolled already, seat still held) is one read: once
 * the enrolment exists the seat can no longer be freed from under the learner, so there is nothing to lock.
 */
export async function enrolmentForSeatHolder(db: Db, userId: string, courseVersion: number, now: Date) {
  const [enrolled] = await enrolmentLookup(db).execute({ userId, courseVersion })
  if (enrolled) return enrolled
  return db.transaction(async (tx) => {
    const [seat] = await tx.select({ id: seats.id }).from(seats)
      .where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned')))
      .orderBy(asc(seats.createdAt)).limit(1).for('share')
    if (!seat) return null
    // Active time is credited from this moment on the server's clock (`now`), never from before the learner started.
    await tx.insert(enrolments).values({ id: enrolmentIdFor(userId, courseVersion), userId, courseVersion, seatId: seat.id, startedAt: now, lastActiveAt: now, timeCreditedUntil: now }).onConflictDoNothing()
    return findEnrolment(tx, userId, courseVersion)
  })
}

/**
 * The id a learner's enrolment gets when their first save makes it, known before then: a learner who reads a
 * section before saving anything sees their options in the order keyed by this id (services/course-progress/shuffle-seeds.ts),
 * and keeps that order once the enrolment exists. Until then no progress row can name it, so reading finds nothing.
 */
export function enrolmentIdFor(userId: string, courseVersion: number): string {
  const hex = createHash('sha256').update(`enrolment:${userId}:${courseVersion}`).digest('hex')
  // Shaped as an RFC 9562 version 8 (custom) UUID so it fits the uuid column.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * For reading only (GET requests change nothing, issue 18 item 7): the learner's enrolment while they hold a seat,
 * or, when they hold one but have not started, an unsaved enrolment with no progress, so the pages show a fresh
 * start. The enrolment itself is made by their first save (enrolmentForSeatHolder); until then a training lead may
 * still take the seat back, and a cross-site link cannot start the course on a learner's behalf.
 */
export async function enrolmentForReading(db: Db, userId: string, courseVersion: number, now = new Date()): Promise<typeof enrolments.$inferSelect | null> {
  const [enrolled] = await enrolmentLookup(db).execute({ userId, courseVersion })
  if (enrolled) return enrolled
  const seat = await findAssignedSeat(db, userId)
  if (!seat) return null
  return { id: enrolmentIdFor(userId, courseVersion), userId, courseVersion, seatId: seat.id, startedAt: now, lastActiveAt: now, lastPosition: null, completedAt: null, timeCreditedUntil: now, completionMinutes: null, completionScore: null, activeSeconds: 0, cycle: 1, refreshesEnrolmentId: null }
}

/** Gives a user a seat of their own (`npm run seat:grant`). Idempotent. */
export async function grantSeat(db: Db, userId: string) {
  const seat = await findAssignedSeat(db, userId)
  if (seat) return { seatId: seat.id, created: false }
  const [created] = await db.insert(seats).values({ status: 'assigned', assignedUserId: userId }).returning({ id: seats.id })
  return { seatId: created!.id, created: true }
}
