/**
 * How far a learner who knows nothing gets by test-taking habits alone (issue 17, docs/content-authoring.md):
 * blind strategies played against the content as written, marked by the server's own grading. Shared by
 * `npm run content:report` and the content tests, so both measure the same thing.
 *
 * Positions are the written order. The player shuffles options for each learner, but the content must not
 * rely on that (a SCORM package, a printout or a reviewer reads them as written).
 */
import type { ChoiceQuestion, Question, Scenario } from '../../server/domain/course-progress/course-types'
import { type Answer, gradeQuestion } from '../../server/domain/assessment-completion/grading'

export const isChoice = (q: Question): q is ChoiceQuestion => q.type === 'single' || q.type === 'multiple' || q.type === 'truefalse'

/** The length a reader judges by: characters, ignoring spacing. */
const lengthOf = (text: string) => text.replace(/\s+/g, ' ').trim().length
const longestIndex = (texts: string[]) => texts.reduce((best, t, i) => lengthOf(t) > lengthOf(texts[best]!) ? i : best, 0)
const shortestIndex = (texts: string[]) => texts.reduce((best, t, i) => lengthOf(t) < lengthOf(texts[best]!) ? i : best, 0)
const mean = (xs: number[]) => xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0

export type StrategyName = 'longest option' | 'commonest position' | 'all but the last' | 'all but the shortest'
export const STRATEGIES: StrategyName[] = ['longest option', 'commonest position', 'all but the last', 'all but the shortest']
const TYPES = ['single', 'multiple', 'truefalse'] as const
type ChoiceType = typeof TYPES[number]

/** How many keys sit at each written position (0-based) across a set of questions. */
export function keyedPositions(questions: readonly ChoiceQuestion[]): number[] {
  const counts: number[] = []
  for (const q of questions) q.options.forEach((o, i) => { counts[i] = (counts[i] ?? 0) + (o.correct ? 1 : 0) })
  return Array.from(counts, n => n ?? 0)
}

/**
 * What a test-wise learner learns from a few questions of one type: the position keyed most often, or for
 * "choose all that apply" every position keyed in more than half of them.
 */
function commonestOf(questions: readonly ChoiceQuestion[], type: ChoiceType): Set<number> {
  const counts = keyedPositions(questions)
  if (type === 'multiple') return new Set(counts.flatMap((n, i) => n > questions.length / 2 ? [i] : []))
  return new Set([counts.reduce((best, n, i) => n > (counts[best] ?? 0) ? i : best, 0)])
}

/**
 * The four habits, as each would answer a choice question. One-answer questions (single, true/false) take one
 * option: "all but the last" then means the first, "all but the shortest" the longest. "Choose all that apply"
 * takes a set: "longest option" ticks only the longest.
 */
function strategyAnswer(name: StrategyName, q: ChoiceQuestion, commonest: Set<number>): Answer {
  const texts = q.options.map(o => o.text)
  const ids = q.options.map(o => o.id)
  const one = q.type !== 'multiple'
  const pick = (indexes: number[]): Answer => {
    const chosen = indexes.length ? indexes : [0]
    return one ? { optionId: ids[chosen[0]!]! } : { optionIds: chosen.map(i => ids[i]!) }
  }
  switch (name) {
    case 'longest option':
      return pick([longestIndex(texts)])
    case 'commonest position':
      return pick(ids.flatMap((_, i) => commonest.has(i) ? [i] : []))
    case 'all but the last':
      return pick(one ? [0] : ids.slice(0, -1).map((_, i) => i))
    case 'all but the shortest':
      return pick(one ? [longestIndex(texts)] : ids.flatMap((_, i) => i === shortestIndex(texts) ? [] : [i]))
  }
}

export interface BlindReport {
  /** Choice questions measured (single, multiple, true/false). */
  questions: number
  /** Share of single-choice questions whose longest option is the key. */
  longestIsKey: number
  /** Share of "choose all that apply" questions whose longest option is keyed. */
  longestIsKeyedInMultiple: number
  /** Keys at each written position, by type. */
  positions: Record<ChoiceType, number[]>
  /** Mean mark (0..1) of each strategy, by question type and over all the choice questions. */
  strategies: Record<StrategyName, Record<ChoiceType | 'all', number>>
  /** A test-wise learner uses the best habit for each type: their mean mark over all the choice questions. */
  best: number
}

/** Plays every strategy against a set of questions (only the choice questions count). */
export function blindReport(all: readonly Question[]): BlindReport {
  const questions = all.filter(isChoice)
  const ofType = (t: ChoiceType) => questions.filter(q => q.type === t)
  const commonest = Object.fromEntries(TYPES.map(t => [t, commonestOf(ofType(t), t)])) as Record<ChoiceType, Set<number>>
  const mark = (name: StrategyName, q: ChoiceQuestion) => gradeQuestion(q, strategyAnswer(name, q, commonest[q.type])).score
  const strategies = Object.fromEntries(STRATEGIES.map(name => [name, {
    ...Object.fromEntries(TYPES.map(t => [t, mean(ofType(t).map(q => mark(name, q)))])),
    all: mean(questions.map(q => mark(name, q))),
  }])) as BlindReport['strategies']
  const bestByType = Object.fromEntries(TYPES.map(t => [t, Math.max(...STRATEGIES.map(n => strategies[n][t]))])) as Record<ChoiceType, number>
  const longestKeyed = (q: ChoiceQuestion) => Number(q.options[longestIndex(q.options.map(o => o.text))]!.correct)
  return {
    questions: questions.length,
    longestIsKey: mean(ofType('single').map(longestKeyed)),
    longestIsKeyedInMultiple: mean(ofType('multiple').map(longestKeyed)),
    positions: Object.fromEntries(TYPES.map(t => [t, keyedPositions(ofType(t))])) as Record<ChoiceType, number[]>,
    strategies,
    best: mean(questions.map(q => bestByType[q.type])),
  }
}

/** Scenario steps whose longest choice is a good one: a learner who always picks the longest would do well. */
export function goodChoiceLongest(scenarios: readonly Scenario[]): { steps: number, longestIsGood: number } {
  const steps = scenarios.flatMap(s => s.steps)
  const longestIsGood = steps.filter(st => st.choices[longestIndex(st.choices.map(c => c.text))]!.quality === 'good').length
  return { steps: steps.length, longestIsGood }
}
