import type { MatchingQuestion, OrderingQuestion, Question } from '../course-progress/course-types'
import { DomainError } from '../platform/errors'
import { anonymousSeeds, type SeedOf, shuffleWith } from '../course-progress/shuffle'
import { type Answer, type GradedQuestion, MAX_ANSWER_ITEMS, MAX_ANSWER_STRING_LENGTH, type PublicChoice, type PublicQuestion } from '#shared/types/questions'

export type { Answer, GradedQuestion, PublicQuestion } from '#shared/types/questions'


const invalid = (message: string) => new DomainError('invalid', message)

/** 4 decimals keeps stored scores stable across float noise (1/3 is 0.3333 everywhere). */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000

/**
 * The right-hand choices of a matching question: each distinct text once, alphabetically, with ids r1, r2, …
 * Shared texts (Push, Pull) appear once, and the ids depend only on the content, so they stay stable.
 */
export function matchingRights(q: Pick<MatchingQuestion, 'pairs'>): PublicChoice[] {
  const texts = [...new Set(q.pairs.map(p => p.right))]
  texts.sort((a, b) => a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0))
  return texts.map((text, i) => ({ id: `r${i + 1}`, text }))
}

function record(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('The answer must be an object.')
  return raw as Record<string, unknown>
}

/** Own properties only, so `toString` and friends never pass for an answer. */
function field(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined
}

function idString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${what} must be a non-empty string.`)
  if (value.length > MAX_ANSWER_STRING_LENGTH) throw invalid(`${what} is too long.`)
  return value
}

function idList(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw invalid(`${what} must be a list.`)
  if (value.length > MAX_ANSWER_ITEMS) throw invalid(`${what} has too many entries.`)
  const ids = value.map(v => idString(v, `Each entry of ${what}`))
  if (new Set(ids).size !== ids.length) throw invalid(`${what} lists the same id more than once.`)
  return ids
}

function requireKnown(ids: string[], known: string[], what: string): void {
  const set = new Set(known)
  const unknown = ids.find(id => !set.has(id))
  if (unknown !== undefined) throw invalid(`${JSON.stringify(unknown)} is not one of the ${what}.`)
}

function parseMatches(q: MatchingQuestion, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('matches must be an object.')
  const keys = Object.keys(value)
  if (keys.length > MAX_ANSWER_ITEMS) throw invalid('matches has too many entries.')
  const given = value as Record<string, unknown>
  const pairIds = q.pairs.map(p => p.id)
  requireKnown(keys.map(k => idString(k, 'Each pair id')), pairIds, 'pairs')
  const rightIds = new Set(matchingRights(q).map(r => r.id))
  const matches: Record<string, string> = {}
  for (const pairId of pairIds) {
    if (!Object.hasOwn(given, pairId)) throw invalid('Match every item on the left.')
    const rightId = idString(given[pairId], `The match for ${JSON.stringify(pairId)}`)
    if (!rightIds.has(rightId)) throw invalid(`${JSON.stringify(rightId)} is not one of the choices on the right.`)
    matches[pairId] = rightId
  }
  return matches
}

/**
 * Checks that `raw` is a complete answer to `q` and returns it in canonical form (extra keys dropped).
 * Anything else, however large or odd, becomes DomainError('invalid').
 */
export function parseAnswer(q: Question, raw: unknown): Answer {
  const body = record(raw)
  switch (q.type) {
    case 'single':
    case 'truefalse': {
      const optionId = idString(field(body, 'optionId'), 'optionId')
      requireKnown([optionId], q.options.map(o => o.id), 'options')
      return { optionId }
    }
    case 'multiple': {
      const optionIds = idList(field(body, 'optionIds'), 'optionIds')
      if (optionIds.length === 0) throw invalid('Choose at least one option.')
      requireKnown(optionIds, q.options.map(o => o.id), 'options')
      return { optionIds }
    }
    case 'ordering': {
      const order = idList(field(body, 'order'), 'order')
      requireKnown(order, q.items.map(i => i.id), 'items')
      if (order.length !== q.items.length) throw invalid('Put every item in the order.')
      return { order }
    }
    case 'matching':
      return { matches: parseMatches(q, field(body, 'matches')) }
    default:
      throw new Error(`Unknown question type ${JSON.stringify((q as { type: unknown }).type)}`)
  }
}

/** Exactly the key, in answer form. */
function keyOf(q: Question): Answer {
  switch (q.type) {
    case 'single':
    case 'truefalse': {
      const right = q.options.find(o => o.correct)
      if (!right) throw new Error(`${q.id}: no correct option`)
      return { optionId: right.id }
    }
    case 'multiple':
      return { optionIds: q.options.filter(o => o.correct).map(o => o.id) }
    case 'ordering':
      return { order: q.items.map(i => i.id) }
    case 'matching': {
      const idOfText = new Map(matchingRights(q).map(r => [r.text, r.id]))
      return { matches: Object.fromEntries(q.pairs.map(p => [p.id, idOfText.get(p.right)!])) }
    }
  }
}

function scoreAndFeedback(q: Question, answer: Answer): { score: number, feedback: AnswerFeedback[] } {
  switch (q.type) {
    case 'single':
    case 'truefalse': {
      const chosen = (answer as { optionId: string }).optionId
      const feedback = q.options.map(o => ({ id: o.id, text: o.feedback, chosen: o.id === chosen, correct: o.correct }))
      return { score: feedback.some(f => f.chosen && f.correct) ? 1 : 0, feedback }
    }
    case 'multiple': {
      // Each right pick earns a share; each wrong pick takes one back, so ticking everything earns nothing.
      const chosen = new Set((answer as { optionIds: string[] }).optionIds)
      const feedback = q.options.map(o => ({ id: o.id, text: o.feedback, chosen: chosen.has(o.id), correct: o.correct }))
      const rightPicks = feedback.filter(f => f.chosen && f.correct).length
      const wrongPicks = feedback.filter(f => f.chosen && !f.correct).length
      const keyCount = feedback.filter(f => f.correct).length
      const score = keyCount === 0 ? Number(wrongPicks === 0) : Math.max(0, (rightPicks - wrongPicks) / keyCount)
      return { score, feedback }
    }
    case 'ordering': {
      const order = (answer as { order: string[] }).order
      const feedback = q.items.map((item, i) => ({ id: item.id, text: item.feedback, chosen: true, correct: order[i] === item.id }))
      return { score: feedback.filter(f => f.correct).length / q.items.length, feedback }
    }
    case 'matching': {
      // Compare texts, not ids: when two pairs share "Push", either pair may take that right.
      const textOf = new Map(matchingRights(q).map(r => [r.id, r.text]))
      const matches = (answer as { matches: Record<string, string> }).matches
      const feedback = q.pairs.map(p => ({
        id: p.id,
        text: p.feedback,
        chosen: true,
        correct: textOf.get(matches[p.id] ?? '') === p.right,
      }))
      return { score: feedback.filter(f => f.correct).length / q.pairs.length, feedback }
    }
  }
}

/**
 * Marks one answer, with partial credit for multiple, ordering and matching questions. Feedback lists every
 * option, item or pair in authored order. The answer is re-checked first, so a stale one cannot mis-grade.
 */
export function gradeQuestion(q: Question, answer: Answer): GradedQuestion {
  const { score: raw, feedback } = scoreAndFeedback(q, parseAnswer(q, answer))
  const score = round4(raw)
  return {
    questionId: q.id,
    score,
    correct: score === 1,
    explanation: q.explanation,
    source: q.source,
    feedback,
    correctAnswer: keyOf(q),
  }
}

/**
 * The items of an ordering question in the learner's order, never the correct one (which would give the
 * answer away): if the shuffle lands on it, the first item moves to the end.
 */
function shuffledItems(q: OrderingQuestion, seed: number): PublicChoice[] {
  const items = shuffleWith(q.items.map(i => ({ id: i.id, text: i.text })), seed)
  const unchanged = items.every((item, i) => item.id === q.items[i]!.id)
  return unchanged && items.length > 1 ? [...items.slice(1), items[0]!] : items
}

/**
 * What the browser may see before answering: no key, feedback, explanation or source. Options, ordering
 * items and the left-hand side of a matching question come in the learner's own order (see shuffle.ts);
 * the right-hand choices stay alphabetical, as their ids depend on it.
 */
export function publicQuestion(q: Question, seedOf: SeedOf = anonymousSeeds): PublicQuestion {
  const seed = seedOf(q.id)
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'truefalse':
      return { id: q.id, type: q.type, prompt: q.prompt, options: shuffleWith(q.options.map(o => ({ id: o.id, text: o.text })), seed) }
    case 'ordering':
      return { id: q.id, type: q.type, prompt: q.prompt, items: shuffledItems(q, seed) }
    case 'matching':
      return {
        id: q.id,
        type: q.type,
        prompt: q.prompt,
        lefts: shuffleWith(q.pairs.map(p => ({ id: p.id, text: p.left })), seed),
        rights: matchingRights(q),
      }
    default:
      throw new Error(`Unknown question type ${JSON.stringify((q as { type: unknown }).type)}`)
  }
}

/** Rounds down to 4 decimals; the epsilon stops float noise (0.29 * 100 = 28.999…) costing a step. */
const floor4 = (x: number) => Math.floor(x * 10_000 + 1e-6) / 10_000

/**
 * The mean of the question scores, rounded DOWN (to 4 decimals, and to a whole per cent), so 79.99% never
 * passes an 80% mark and the score and per cent always agree.
 */
export function scoreAttempt(graded: GradedQuestion[]): { score: number, percent: number } {
  if (graded.length === 0) return { score: 0, percent: 0 }
  const score = Math.min(1, floor4(graded.reduce((sum, g) => sum + g.score, 0) / graded.length))
  return { score, percent: Math.floor(score * 100 + 1e-6) }
}
