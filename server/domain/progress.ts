export type SectionStatus = 'not_started' | 'in_progress' | 'completed'

export const STATUS_RANK: Readonly<Record<SectionStatus, number>> = {
  not_started: 0,
  in_progress: 1,
  completed: 2,
}

/** The more advanced status: progress never goes backwards, whatever order the updates arrive in. */
export function laterStatus(a: SectionStatus, b: SectionStatus): SectionStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a
}

/** A section is done when the learner has reached the end of its content and finished every required activity. */
export function isSectionComplete(input: {
  requiredActivityIds: string[]
  completedActivityIds: string[] | ReadonlySet<string>
  contentReached: boolean
}): boolean {
  const done = new Set(input.completedActivityIds)
  return input.contentReached && input.requiredActivityIds.every(id => done.has(id))
}

/** The course is done (and a certificate due) when every section is complete and the assessment is passed. */
export function isCourseComplete(input: {
  sectionIds: string[]
  completedSectionIds: string[] | ReadonlySet<string>
  assessmentPassed: boolean
}): boolean {
  const done = new Set(input.completedSectionIds)
  return input.assessmentPassed && input.sectionIds.every(id => done.has(id))
}

/** Active time is credited per wall-clock minute, so a chatty or forged client cannot claim more than real time. */
export const MAX_ACTIVE_SECONDS_PER_MINUTE = 60

const wholeSecondsInMinute = (n: number) =>
  Number.isFinite(n) ? Math.min(MAX_ACTIVE_SECONDS_PER_MINUTE, Math.max(0, Math.floor(n))) : 0

/**
 * Seconds to add for a report of `reported` active seconds in a minute that already holds
 * `alreadyCreditedInMinute`: whole seconds only, never negative, and never past 60 for the minute.
 */
export function creditActiveSeconds(alreadyCreditedInMinute: number, reported: number): number {
  const room = MAX_ACTIVE_SECONDS_PER_MINUTE - wholeSecondsInMinute(alreadyCreditedInMinute)
  return Math.min(room, wholeSecondsInMinute(reported))
}

/** The minute a moment falls in, used as the key for crediting active time. */
export function minuteBucket(atMs: number): number {
  return Math.floor(atMs / 60_000)
}

/** Where a learner is in the course; `at` is the client's clock in ms, used only to order saves. */
export interface CoursePosition {
  sectionId: string
  anchor: string
  at: number
}

/** The position saved later wins, so an old tab cannot drag the learner back. Ties go to `b` (the newer save). */
export function laterPosition<T extends CoursePosition>(a: T, b: T): T {
  const at = (p: T) => (Number.isFinite(p.at) ? p.at : -Infinity)
  return at(a) > at(b) ? a : b
}
