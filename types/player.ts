import type { InternalApi } from 'nitropack/types'

/** The player's API responses as the browser receives them (generated from the handlers' return types). */
export type CourseOutline = InternalApi['/api/course']['get']
export type SectionView = InternalApi['/api/course/sections/:id']['get']
export type ProgressView = InternalApi['/api/progress']['get']
export type AssessmentOverview = InternalApi['/api/assessment']['get']
export type AttemptView = InternalApi['/api/assessment/attempts']['post']
