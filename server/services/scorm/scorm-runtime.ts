/**
 * A learner's side of SCORM: which packages they may open, launching one (a new attempt or a resumed
 * one), and applying the commits the package sends. Identity is always the session's user; a commit
 * names an attempt, and only an attempt of that user's own registration is found.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { scormAttempts, scormPackages, scormRegistrations } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import {
  checkCommit, clampSessionSeconds, declaredObjectives, durationSeconds, isPerLaunchElement, keepStatusesMonotonic,
  laterCompletion, laterSuccess, launchValues, outcomeOf, type CmiError,
} from '../../domain/scorm/scorm-cmi'
import { findAssignedSeat } from '../course-progress/access'
import { findPackage } from './scorm-packages'

/** A learner may use SCORM packages while holding an assigned seat; admins always may. */
export async function canUseScorm(db: Db, user: { id: string, isAdmin: boolean }) {
  return user.isAdmin || (await findAssignedSeat(db, user.id)) !== null
}

export async function requireScormAccess(db: Db, user: { id: string, isAdmin: boolean }) {
  if (!await canUseScorm(db, user)) throw new DomainError('forbidden', 'You need a licence to open these courses.', { code: 'no_seat' })
}

/** The packages a learner can open, each with their own progress. */
export async function listPackagesForLearner(db: Db, userId: string) {
  return db.select({
    id: scormPackages.id,
    title: scormPackages.title,
    version: scormPackages.version,
    completionStatus: scormRegistrations.completionStatus,
    successStatus: scormRegistrations.successStatus,
    scoreScaled: scormRegistrations.scoreScaled,
    totalSeconds: scormRegistrations.totalSeconds,
    lastLaunchedAt: scormRegistrations.lastLaunchedAt,
  }).from(scormPackages)
    .leftJoin(scormRegistrations, and(eq(scormRegistrations.packageId, scormPackages.id), eq(scormRegistrations.userId, userId)))
    .where(isNull(scormPackages.archivedAt))
    .orderBy(asc(scormPackages.title))
}

/**
 * Opens a package for a learner. The latest attempt is resumed unless its last launch ended with an exit
 * other than "suspend", which ends an attempt (SCORM 2004 RTE 4.2.8); then a new attempt starts. Each
 * launch gets the next launch number, so commits from an older launch can never overwrite newer data.
 */
export async function launchPackage(db: Db, user: { id: string, name: string }, packageId: string) {
  const pkg = await findPackage(db, packageId)
  if (!pkg) throw new DomainError('not_found', 'There is no such SCORM package.')
  return db.transaction(async (tx) => {
    await tx.insert(scormRegistrations).values({ packageId, userId: user.id }).onConflictDoNothing()
    const [registration] = await tx.select().from(scormRegistrations)
      .where(and(eq(scormRegistrations.packageId, packageId), eq(scormRegistrations.userId, user.id))).for('update')
    const [latest] = await tx.select().from(scormAttempts)
      .where(eq(scormAttempts.registrationId, registration!.id)).orderBy(desc(scormAttempts.number)).limit(1).for('update')
    const attemptOver = latest && latest.terminatedAt && latest.lastExit !== 'suspend'
    let attempt: typeof latest
    const now = new Date()
    if (!latest || attemptOver) {
      const number = (latest?.number ?? 0) + 1
      const cmi = declaredObjectives(pkg.objectiveIds, {})
      ;[attempt] = await tx.insert(scormAttempts).values({ registrationId: registration!.id, number, cmi, launchCount: 1, currentLaunchAt: now }).returning()
      await tx.update(scormRegistrations).set({ attemptCount: number, lastLaunchedAt: now, updatedAt: now }).where(eq(scormRegistrations.id, registration!.id))
    }
    else {
      ;[attempt] = await tx.update(scormAttempts).set({
        launchCount: sql`${scormAttempts.launchCount} + 1`,
        priorSeconds: sql`${scormAttempts.priorSeconds} + ${scormAttempts.sessionSeconds}`,
        sessionSeconds: 0,
        currentLaunchAt: now,
        terminatedAt: null,
        lastExit: null,
      }).where(eq(scormAttempts.id, latest.id)).returning()
      await tx.update(scormRegistrations).set({ lastLaunchedAt: now, updatedAt: now }).where(eq(scormRegistrations.id, registration!.id))
    }
    const a = attempt!
    // Continuing an attempt hands back its data, so the package is told to resume.
    const resume = !!latest && !attemptOver
    return {
      attemptId: a.id,
      attemptNumber: a.number,
      launch: a.launchCount,
      version: pkg.version,
      title: pkg.title,
      resume,
      cmi: launchValues(pkg.version, {
        learnerId: user.id,
        learnerName: user.name,
        resume,
        totalSeconds: a.priorSeconds,
        masteryScaled: pkg.masteryScaled,
        completionThreshold: pkg.completionThreshold,
        launchData: pkg.launchData,
        stored: a.cmi,
      }),
    }
  })
}

/** Whose attempt this is (for the package frame's signed last commit, which comes without a session). */
export async function attemptOwnerId(db: Db, attemptId: string): Promise<string | null> {
  const [row] = await db.select({ userId: scormRegistrations.userId }).from(scormAttempts)
    .innerJoin(scormRegistrations, eq(scormRegistrations.id, scormAttempts.registrationId))
    .where(eq(scormAttempts.id, attemptId))
  return row?.userId ?? null
}

export interface CommitInput {
  userId: string
  attemptId: string
  launch: number
  seq: number
  values: Record<string, unknown>
  terminate: boolean
  now?: Date
}

export type CommitResult =
  | { result: true, applied: boolean, completionStatus: string, successStatus: string, scoreScaled: number | null }
  | { result: false, error: CmiError }

/**
 * Applies one commit in a transaction holding the attempt's row: a commit older than (or equal to) the
 * newest applied one changes nothing; a bad element refuses the whole commit with its SCORM error code;
 * statuses never step back within an attempt; session time is clamped to the time since the launch.
 */
export async function applyCommit(db: Db, input: CommitInput): Promise<CommitResult> {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ attempt: scormAttempts, registration: scormRegistrations, pkg: scormPackages })
      .from(scormAttempts)
      .innerJoin(scormRegistrations, eq(scormRegistrations.id, scormAttempts.registrationId))
      .innerJoin(scormPackages, eq(scormPackages.id, scormRegistrations.packageId))
      .where(and(eq(scormAttempts.id, input.attemptId), eq(scormRegistrations.userId, input.userId)))
      .for('update', { of: scormAttempts })
    if (!row) throw new DomainError('not_found', 'There is no such attempt for you.')
    const { attempt, registration, pkg } = row
    if (input.launch > attempt.launchCount) throw new DomainError('invalid', 'That launch has not happened.', { code: 'scorm_bad_launch' })
    const current = (l: number, s: number) => l > attempt.commitLaunch || (l === attempt.commitLaunch && s > attempt.commitSeq)
    const summary = { completionStatus: attempt.completionStatus, successStatus: attempt.successStatus, scoreScaled: attempt.scoreScaled }
    if (input.launch < attempt.launchCount || !current(input.launch, input.seq)) return { result: true as const, applied: false, ...summary }

    const checked = checkCommit(pkg.version, attempt.cmi, input.values)
    if (!checked.ok) return { result: false as const, error: checked.error }
    const perLaunch = Object.fromEntries(Object.entries(checked.values).filter(([k]) => isPerLaunchElement(k)))
    const lasting = Object.fromEntries(Object.entries(checked.values).filter(([k]) => !isPerLaunchElement(k)))
    const cmi = { ...attempt.cmi, ...keepStatusesMonotonic(pkg.version, attempt.cmi, lasting) }

    const sessionTime = perLaunch['cmi.session_time'] ?? perLaunch['cmi.core.session_time']
    const reported = sessionTime === undefined ? null : durationSeconds(pkg.version, sessionTime)
    const sessionSeconds = reported === null
      ? attempt.sessionSeconds
      : Math.max(attempt.sessionSeconds, clampSessionSeconds(reported, attempt.currentLaunchAt.getTime(), now.getTime()))
    const exit = perLaunch['cmi.exit'] ?? perLaunch['cmi.core.exit']

    const outcome = outcomeOf(pkg.version, cmi, pkg)
    const completion = laterCompletion(attempt.completionStatus, outcome.completion)
    const success = laterSuccess(attempt.successStatus, outcome.success)
    await tx.update(scormAttempts).set({
      cmi,
      commitLaunch: input.launch,
      commitSeq: input.seq,
      completionStatus: completion,
      successStatus: success,
      scoreScaled: outcome.scoreScaled,
      scoreRaw: outcome.scoreRaw,
      progressMeasure: outcome.progressMeasure,
      sessionSeconds,
      // The exit value set in this launch, whichever commit carried it; termination makes it final.
      ...(exit !== undefined ? { lastExit: exit } : {}),
      ...(input.terminate ? { terminatedAt: now } : {}),
      updatedAt: now,
    }).where(eq(scormAttempts.id, attempt.id))

    const best = (a: number | null, b: number | null) => a === null ? b : b === null ? a : Math.max(a, b)
    const regCompletion = laterCompletion(registration.completionStatus, completion)
    const regSuccess = laterSuccess(registration.successStatus, success)
    await tx.update(scormRegistrations).set({
      completionStatus: regCompletion,
      successStatus: regSuccess,
      scoreScaled: best(registration.scoreScaled, outcome.scoreScaled),
      totalSeconds: registration.totalSeconds + (sessionSeconds - attempt.sessionSeconds),
      completedAt: registration.completedAt ?? (regCompletion === 'completed' ? now : null),
      passedAt: registration.passedAt ?? (regSuccess === 'passed' ? now : null),
      updatedAt: now,
    }).where(eq(scormRegistrations.id, registration.id))
    return { result: true as const, applied: true, completionStatus: completion, successStatus: success, scoreScaled: outcome.scoreScaled }
  })
}
