/**
 * A section's status only moves forward, whatever order the updates arrive in. That rule lives where it runs,
 * in server/services/course-progress/progress.ts: every upsert of a section leaves `status` alone, and only evaluateSection
 * writes 'completed', so nothing ever moves it back.
 */
export type { SectionStatus } from '#shared/types/sections'

/**
 * A section is done when it has been studied: the learner reached the end of its content, finished every
 * activity in it (see isQuizDone; a scenario once it reaches an ending), and the server has credited at
 * least `requiredSeconds` of active time in it (studySecondsFor). Reflections are private notes and never
 * required: making someone type to move on would only teach them to type anything.
 */
export function isSectionComplete(input: {
  requiredActivityIds: string[]
  completedActivityIds: string[] | ReadonlySet<string>
  contentReached: boolean
  creditedSeconds: number
  requiredSeconds: number
}): boolean {
  const done = new Set(input.completedActivityIds)
  return input.contentReached && input.requiredActivityIds.every(id => done.has(id)) && hasStudiedLongEnough(input.creditedSeconds, input.requiredSeconds)
}

export function hasStudiedLongEnough(creditedSeconds: number, requiredSeconds: number): boolean {
  return creditedSeconds >= requiredSeconds
}

/** The share of a section's minutes to credit when course.yml does not say. */
export const DEFAULT_STUDY_SHARE = 0.5

/** Seconds of credited active time a section of `minutes` estimated minutes needs before it is done. */
export function studySecondsFor(minutes: number, share: number): number {
  if (!Number.isFinite(minutes) || !Number.isFinite(share) || minutes <= 0 || share <= 0) return 0
  return Math.ceil(minutes * 60 * Math.min(share, 1))
}

/**
 * A section quiz is done once every question has been answered correctly at least once. It stays formative:
 * a wrong answer shows the feedback and the learner tries again.
 */
export function isQuizDone(questionIds: string[], correctlyAnswered: string[] | ReadonlySet<string>): boolean {
  const right = new Set(correctlyAnswered)
  return questionIds.every(id => right.has(id))
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

/**
 * Where a learner is in the course; `at` is the client's clock in ms, used only to order saves: the later
 * position wins, a tie going to the newer save (the SQL of savePosition in server/services/course-progress/progress.ts).
 */
export interface CoursePosition {
  sectionId: string
  anchor: string
  at: number
}
