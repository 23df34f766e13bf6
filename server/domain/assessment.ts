import type { PoolFile, Question } from './course-types'
import { DomainError } from './errors'
import { type Answer, type GradedQuestion, gradeQuestion, parseAnswer, publicQuestion, type PublicQuestion, scoreAttempt } from './grading'

/** Per cent needed to pass the final assessment when course.yml does not say otherwise. */
export const ASSESSMENT_PASS_MARK_DEFAULT = 80

/** An index in 0..length-1, whatever `random` returns (1, negative or NaN included). */
function randomIndex(length: number, random: () => number): number {
  const i = Math.floor(random() * length)
  return Number.isFinite(i) ? Math.min(length - 1, Math.max(0, i)) : 0
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1, random)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

interface SectionPool {
  fresh: string[] // not in the previous draw
  stale: string[] // in the previous draw: used only when a section has nothing else left
}

function takeFrom(section: SectionPool, random: () => number): string {
  const list = section.fresh.length > 0 ? section.fresh : section.stale
  return list.splice(randomIndex(list.length, random), 1)[0]!
}

function groupBySection(pool: PoolFile[], avoid: Set<string>): Map<string, SectionPool> {
  const sections = new Map<string, SectionPool>()
  const seen = new Set<string>()
  for (const file of pool) {
    let section = sections.get(file.section)
    if (!section) sections.set(file.section, section = { fresh: [], stale: [] })
    for (const q of file.questions) {
      if (seen.has(q.id)) continue
      seen.add(q.id)
      ;(avoid.has(q.id) ? section.stale : section.fresh).push(q.id)
    }
  }
  return sections
}

/**
 * Draws question ids for one attempt. Sections take turns in a random order, so every section is tested
 * and none gets more than one question more than another (unless it runs out). Within a section, questions
 * from the previous draw (`avoid`) are used only once its other questions are gone, and the last, partial
 * round goes first to sections that still have unseen questions. `random` is injected for tests.
 */
export function drawAssessment(pool: PoolFile[], count: number, random: () => number, avoid: string[] = []): string[] {
  const sections = shuffle([...groupBySection(pool, new Set(avoid)).values()], random)
  const size = sections.reduce((n, s) => n + s.fresh.length + s.stale.length, 0)
  const wanted = Math.min(size, Math.max(0, Math.floor(count))) || 0
  const drawn: string[] = []
  while (drawn.length < wanted) {
    let turn = sections.filter(s => s.fresh.length + s.stale.length > 0)
    const short = wanted - drawn.length
    if (turn.length > short) {
      turn = [...turn.filter(s => s.fresh.length > 0), ...turn.filter(s => s.fresh.length === 0)].slice(0, short)
    }
    for (const section of turn) drawn.push(takeFrom(section, random))
  }
  return drawn
}

export function hasPassed(percent: number, passMark: number): boolean {
  return percent >= passMark
}

/** Every question in the pool by id (a question listed twice counts once, as in drawAssessment). */
export function poolQuestions(pool: PoolFile[]): Map<string, Question> {
  const byId = new Map<string, Question>()
  for (const file of pool) for (const q of file.questions) if (!byId.has(q.id)) byId.set(q.id, q)
  return byId
}

/** One question of a submitted attempt, as the learner reviews it: their answer and the marking. */
export interface ReviewedQuestion {
  question: PublicQuestion
  answer: Answer
  graded: GradedQuestion
}

export interface AssessmentResult {
  scorePercent: number
  passed: boolean
  /** The questions not fully right, with explanations; only ever built after submission. */
  review: ReviewedQuestion[]
}

/**
 * Marks a whole attempt. Every drawn question needs an answer of the right shape; anything else is
 * DomainError('invalid'). Answers to questions that were not drawn are ignored.
 */
export function gradeAssessment(questions: Question[], answers: Record<string, unknown>, passMark: number): AssessmentResult & { answers: Record<string, Answer> } {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new DomainError('invalid', 'The answers must be an object.')
  const missing = questions.filter(q => !Object.hasOwn(answers, q.id))
  if (missing.length > 0) {
    throw new DomainError('invalid', `Answer every question before you submit: ${missing.length} still ${missing.length === 1 ? 'needs' : 'need'} an answer.`, { code: 'unanswered' })
  }
  const canonical: Record<string, Answer> = {}
  const graded = questions.map((q) => {
    const answer = parseAnswer(q, answers[q.id])
    canonical[q.id] = answer
    return gradeQuestion(q, answer)
  })
  const { percent } = scoreAttempt(graded)
  return {
    scorePercent: percent,
    passed: hasPassed(percent, passMark),
    answers: canonical,
    review: questions.flatMap((q, i) => graded[i]!.correct ? [] : [{ question: publicQuestion(q), answer: canonical[q.id]!, graded: graded[i]! }]),
  }
}
