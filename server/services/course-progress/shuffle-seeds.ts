import { keyedSeeds, type SeedOf } from '../../domain/course-progress/shuffle'

/**
 * The key for learners' shuffles (domain/course-progress/shuffle.ts). Set NUXT_SHUFFLE_SECRET in production to a long
 * random string and keep it: changing it reshuffles every learner's questions (harmless, since grading is
 * by id, but a learner mid-quiz would see the options move). The fallback keeps development and tests
 * repeatable; without the secret a determined learner could in principle undo their shuffle.
 */
const secret = process.env.NUXT_SHUFFLE_SECRET || 'children-missing-from-care:shuffle:v1'

/** One enrolment's seeds: the same order on every visit and device, different from other learners'. */
export function learnerSeeds(enrolmentId: string): SeedOf {
  return keyedSeeds(secret, enrolmentId)
}
