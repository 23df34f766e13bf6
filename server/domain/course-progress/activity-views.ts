import { type CatalogSection, type CourseCatalog, sectionOfActivity } from './catalog'
import { DomainError } from '../platform/errors'
import { type GradedQuestion, gradeQuestion, parseAnswer, publicQuestion } from '../assessment-completion/grading'
import { publicStep } from './scenarios'
import { anonymousSeeds, type SeedOf } from './shuffle'
import type { PublicActivity } from '#shared/types/sections'

export type { PublicActivity } from '#shared/types/sections'

/**
 * A section's activities as the browser may see them before answering: no keys, feedback or outcomes, and
 * options and choices in the learner's own order (`seedOf`, see shuffle.ts).
 */
export function publicActivities(catalog: CourseCatalog, section: CatalogSection, seedOf: SeedOf = anonymousSeeds): PublicActivity[] {
  return section.activities.flatMap((activity): PublicActivity[] => {
    if (activity.type === 'quiz') {
      const quiz = catalog.quizzes.get(activity.id)
      return quiz ? [{ id: quiz.id, type: 'quiz', title: quiz.title, questions: quiz.questions.map(q => publicQuestion(q, seedOf)) }] : []
    }
    const scenario = catalog.scenarios.get(activity.id)
    return scenario
      ? [{ id: scenario.id, type: 'scenario', title: scenario.title, setting: scenario.setting, summary: scenario.summary, start: publicStep(scenario, scenario.start, seedOf) }]
      : []
  })
}

/**
 * Marks an answer to a question in the free introduction for someone without a seat: nothing is saved,
 * and only the free section's questions can be tried this way.
 */
export function gradePreviewAnswer(catalog: CourseCatalog, activityId: string, questionId: string, answer: unknown): GradedQuestion {
  const section = sectionOfActivity(catalog, activityId)
  const question = catalog.quizzes.get(activityId)?.questions.find(q => q.id === questionId)
  if (!section || !question) throw new DomainError('not_found', 'There is no such question in the course.')
  if (!section.preview) throw new DomainError('forbidden', 'Only the free introduction can be tried without a licence.', { code: 'no_seat' })
  return gradeQuestion(question, parseAnswer(question, answer))
}
