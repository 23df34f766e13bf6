/** SCORM results for admin reports: one row per learner per package, straight from scorm_registrations. */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { scormRegistrations, users } from '../../db/schema'

export async function listRegistrations(db: Db, packageId: string) {
  return db.select({
    userId: users.id,
    name: users.name,
    email: users.email,
    attempts: scormRegistrations.attemptCount,
    completionStatus: scormRegistrations.completionStatus,
    successStatus: scormRegistrations.successStatus,
    scoreScaled: scormRegistrations.scoreScaled,
    totalSeconds: scormRegistrations.totalSeconds,
    firstLaunchedAt: scormRegistrations.firstLaunchedAt,
    lastLaunchedAt: scormRegistrations.lastLaunchedAt,
    completedAt: scormRegistrations.completedAt,
    passedAt: scormRegistrations.passedAt,
  }).from(scormRegistrations)
    .innerJoin(users, eq(users.id, scormRegistrations.userId))
    .where(eq(scormRegistrations.packageId, packageId))
    .orderBy(asc(users.name))
}
