import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { enrolments, seats } from '../db/schema'

/** The seat assigned to a user, if any: holding one is what opens the paid sections. */
export async function findAssignedSeat(db: Db, userId: string) {
  const [seat] = await db.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.assignedUserId, userId), eq(seats.status, 'assigned'))).limit(1)
  return seat ?? null
}

export async function findEnrolment(db: Db, userId: string, courseVersion: number) {
  const [row] = await db.select().from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseVersion, courseVersion)))
  return row ?? null
}

/** The learner's enrolment, created on first use by a seat holder; null without a seat. Safe to race. */
export async function enrolmentForSeatHolder(db: Db, userId: string, courseVersion: number) {
  const existing = await findEnrolment(db, userId, courseVersion)
  if (existing) return existing
  const seat = await findAssignedSeat(db, userId)
  if (!seat) return null
  await db.insert(enrolments).values({ userId, courseVersion, seatId: seat.id }).onConflictDoNothing()
  return findEnrolment(db, userId, courseVersion)
}

/** Gives a user a seat of their own (`npm run seat:grant`) until licences can be bought. Idempotent. */
export async function grantSeat(db: Db, userId: string) {
  const seat = await findAssignedSeat(db, userId)
  if (seat) return { seatId: seat.id, created: false }
  const [created] = await db.insert(seats).values({ status: 'assigned', assignedUserId: userId }).returning({ id: seats.id })
  return { seatId: created!.id, created: true }
}
