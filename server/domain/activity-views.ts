import type { CatalogSection, CourseCatalog } from './catalog'
import { publicQuestion, type PublicQuestion } from './grading'
import { publicStep, type PublicStep } from './scenarios'

export type PublicActivity =
  | { id: string, type: 'quiz', title: string, questions: PublicQuestion[] }
  | { id: string, type: 'scenario', title: string, setting: string, summary: string, start: PublicStep }

/** A section's activities as the browser may see them before answering: no keys, feedback or outcomes. */
export function publicActivities(catalog: CourseCatalog, section: CatalogSection): PublicActivity[] {
  return section.activities.flatMap((activity): PublicActivity[] => {
    if (activity.type === 'quiz') {
      const quiz = catalog.quizzes.get(activity.id)
      return quiz ? [{ id: quiz.id, type: 'quiz', title: quiz.title, questions: quiz.questions.map(publicQuestion) }] : []
    }
    const scenario = catalog.scenarios.get(activity.id)
    return scenario
      ? [{ id: scenario.id, type: 'scenario', title: scenario.title, setting: scenario.setting, summary: scenario.summary, start: publicStep(scenario, scenario.start) }]
      : []
  })
}
