import type { AnsweredQuestion, PublicQuestion } from './questions'
import type { PublicStep, ScenarioProgress } from './scenarios'

/** A course section as the learner's browser receives it: its activities without answers, and their saved state. */

export type SectionStatus = 'not_started' | 'in_progress' | 'completed'

export type PublicActivity =
  | { id: string, type: 'quiz', title: string, questions: PublicQuestion[] }
  | { id: string, type: 'scenario', title: string, setting: string, summary: string, start: PublicStep }

/**
 * Everything a learner has saved in one section, so a reload restores it: feedback only for what they have
 * answered, the scenario run so far, their reflections and the heading they reached.
 */
export interface SectionLearnerState {
  status: SectionStatus
  contentReached: boolean
  /**
   * Whether the server has credited the section its share of active time. Only yes or no: the page says "a
   * few more minutes" rather than showing a countdown that would push learners to watch the clock.
   */
  studied: boolean
  anchor: string | null
  /** activity id → question id → the latest answer, marked. */
  answers: Record<string, Record<string, AnsweredQuestion>>
  /** activity id → the current run; `completed` once any run has reached an ending. */
  scenarios: Record<string, ScenarioProgress & { completed: boolean }>
  completedActivities: string[]
  reflections: Record<string, string>
}
