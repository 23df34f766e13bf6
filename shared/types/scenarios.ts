/** Branching scenarios as the browser sees them: steps without their answers, the results of choices, the run so far. */

export type Quality = 'good' | 'mixed' | 'poor'

/** A step as the browser sees it before choosing: no quality, consequence, feedback or next. */
export interface PublicStep {
  id: string
  text: string
  choices: { id: string, text: string }[]
}

/** One decision the learner took on the way to an ending, as the debrief lists it. */
export interface Decision {
  stepId: string
  /** The situation they faced. */
  stepText: string
  choiceId: string
  choiceText: string
  quality: Quality
  feedback: string
}

export interface PublicEnding {
  id: string
  title: string
  outcome: Quality
  /** Every decision on the path that led here, in order: the debrief speaks to what this learner did. */
  decisions: Decision[]
  text: string
  debrief: string
}

export interface ChoiceResult {
  choiceId: string
  quality: Quality
  consequence: string
  feedback: string
  next: { kind: 'step', step: PublicStep } | { kind: 'ending', ending: PublicEnding }
}

/** One choice already made in the current run, with what the learner was shown for it. */
export interface HistoryEntry {
  step: PublicStep
  choice: { id: string, text: string }
  quality: Quality
  consequence: string
  feedback: string
}

/**
 * Where a learner is in a scenario: the choices made in the current run (each with the feedback already
 * earned), then the step they are at or the ending they reached. Nothing about choices not made.
 */
export interface ScenarioProgress {
  run: number
  history: HistoryEntry[]
  current: { kind: 'step', step: PublicStep } | { kind: 'ending', ending: PublicEnding }
}
