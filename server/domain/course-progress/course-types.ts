import type { Quality } from '#shared/types/scenarios'

/**
 * Plain types for course content, mirroring the zod schemas in content.config.ts.
 * Domain rules use these instead of the generated collection types, so they stay free of Nuxt imports.
 * Content items may carry extra fields (paths, stems, meta); structural typing lets them through.
 */

export interface Option {
  id: string
  text: string
  correct: boolean
  feedback: string
}

interface QuestionBase {
  id: string
  prompt: string
  /** Why the right answer is right: shown only after answering. */
  explanation: string
  source: string
}

export interface SingleQuestion extends QuestionBase {
  type: 'single'
  options: Option[]
}

export interface MultipleQuestion extends QuestionBase {
  type: 'multiple'
  options: Option[]
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'truefalse'
  /** Exactly two, with the ids "true" and "false". */
  options: Option[]
}

export interface OrderingItem {
  id: string
  text: string
  feedback: string
}

export interface OrderingQuestion extends QuestionBase {
  type: 'ordering'
  /** Listed in the CORRECT order; the learner sees them shuffled. */
  items: OrderingItem[]
}

export interface MatchingPair {
  id: string
  left: string
  right: string
  feedback: string
}

export interface MatchingQuestion extends QuestionBase {
  type: 'matching'
  /** Several pairs may share one `right` text (Push, Pull). */
  pairs: MatchingPair[]
}

export type ChoiceQuestion = SingleQuestion | MultipleQuestion | TrueFalseQuestion

export type Question = ChoiceQuestion | OrderingQuestion | MatchingQuestion

export type QuestionType = Question['type']

export type { Quality } from '#shared/types/scenarios'

export interface ScenarioChoice {
  id: string
  text: string
  quality: Quality
  consequence: string
  feedback: string
  /** Another step's id or an ending's id. */
  next: string
}

export interface ScenarioStep {
  id: string
  text: string
  choices: ScenarioChoice[]
}

/**
 * What must hold for the whole path (the last choice included) for an ending to be taken. Every
 * condition given must hold; a missing one always holds. Choices are named "step/choice".
 */
export interface EndingCondition {
  /** At most this many poor choices on the path. */
  maxPoor?: number
  /** At most this many mixed choices. */
  maxMixed?: number
  /** The running score at least this: good 2, mixed 1, poor 0. */
  minScore?: number
  /** Each of these choices is on the path. */
  chose?: string[]
  /** None of these choices is on the path. */
  notChose?: string[]
}

export interface ScenarioEnding {
  id: string
  title: string
  outcome: Quality
  /** When given, the ending is taken only if it holds; otherwise the engine tries `otherwise`. */
  when?: EndingCondition
  /** Another ending's id; required with `when`. */
  otherwise?: string
  text: string
  debrief: string
}

export interface Scenario {
  id: string
  title: string
  setting: string
  summary: string
  start: string
  steps: ScenarioStep[]
  endings: ScenarioEnding[]
}

export interface Quiz {
  id: string
  title: string
  section: string
  questions: Question[]
}

/** One file of the final-assessment pool: questions grouped by the section they test. */
export interface PoolFile {
  section: string
  questions: Question[]
}
