/** Quiz and assessment questions as they cross the wire: what the browser is shown, sends and gets back. */

/**
 * A learner's answer. single and truefalse → optionId; multiple → optionIds; ordering → the item ids in
 * the learner's order; matching → pair id → right id (see matchingRights).
 */
export type Answer =
  | { optionId: string }
  | { optionIds: string[] }
  | { order: string[] }
  | { matches: Record<string, string> }

/** Something the browser may show: an id and the words, nothing that gives the answer away. */
export interface PublicChoice {
  id: string
  text: string
}

export type PublicQuestion =
  | { id: string, type: 'single' | 'multiple' | 'truefalse', prompt: string, options: PublicChoice[] }
  | { id: string, type: 'ordering', prompt: string, items: PublicChoice[] }
  | { id: string, type: 'matching', prompt: string, lefts: PublicChoice[], rights: PublicChoice[] }

/** Feedback on one option, item or pair, shown after answering. */
export interface AnswerFeedback {
  id: string
  text: string
  chosen: boolean
  correct: boolean
}

export interface GradedQuestion {
  questionId: string
  /** 0..1, rounded to 4 decimals. */
  score: number
  /** True only for full marks. */
  correct: boolean
  explanation: string
  source: string
  feedback: AnswerFeedback[]
  /** The key, in the same form as an answer, so the browser can show it. */
  correctAnswer: Answer
}

/** A question the learner has answered, with their answer, as a reload restores it. */
export type AnsweredQuestion = GradedQuestion & { answer: Answer }

/** Answers come from the browser: cap their size before looking at them. */
export const MAX_ANSWER_ITEMS = 50
export const MAX_ANSWER_STRING_LENGTH = 100
