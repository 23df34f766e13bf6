import type { PoolFile, Question } from '../course-progress/course-types'
import { DomainError } from '../platform/errors'
import { type Answer, type GradedQuestion, gradeQuestion, parseAnswer, scoreAttempt } from './grading'
import type { RetakeGate } from '#shared/types/assessment'


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

/**
 * One question of a submitted attempt, as the learner reviews it. A certificate rests on this assessment,
 * so the review never says which option, order or match was keyed, nor how each option was marked: only
 * whether the learner's answer was right, and for one that was not, the point explained and the section
 * that teaches it. (A learner who could collect keys from failed attempts could pass without learning.)
 */
export interface ReviewedQuestion {
  questionId: string
  prompt: string
  verdict: 'right' | 'partly-right' | 'not-right'
  /** Only for an answer that was not fully right. */
  explanation?: string
  /** The section to read again; only for an answer that was not fully right. */
  section?: { id: string, title: string }
}

export interface AssessmentResult {
  scorePercent: number
  passed: boolean
  /** Every drawn question in the order asked, with its verdict; only ever built after submission. */
  review: ReviewedQuestion[]
}

/** Which section each pool question tests. */
export function sectionOfPoolQuestion(pool: PoolFile[]): Map<string, string> {
  const bySection = new Map<string, string>()
  for (const file of pool) for (const q of file.questions) if (!bySection.has(q.id)) bySection.set(q.id, file.section)
  return bySection
}

/**
 * Marks a whole attempt. Every drawn question needs an answer of the right shape; anything else is
 * DomainError('invalid'). Answers to questions that were not drawn are ignored. `sections` names the
 * section each question tests (id and title), for the review's "read this again" link.
 */
export function gradeAssessment(
  questions: Question[],
  answers: Record<string, unknown>,
  passMark: number,
  sections: (questionId: string) => { id: string, title: string } | undefined = () => undefined,
): AssessmentResult & { answers: Record<string, Answer>, missed: string[] } {
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
    missed: questions.filter((_, i) => !graded[i]!.correct).map(q => q.id),
    review: questions.map((q, i) => reviewOf(q, graded[i]!, sections(q.id))),
  }
}

/** Only what the rule above allows: built field by field, so nothing from the marking slips through. */
function reviewOf(q: Question, graded: GradedQuestion, section: { id: string, title: string } | undefined): ReviewedQuestion {
  if (graded.correct) return { questionId: q.id, prompt: q.prompt, verdict: 'right' }
  return {
    questionId: q.id,
    prompt: q.prompt,
    verdict: graded.score > 0 ? 'partly-right' : 'not-right',
    explanation: q.explanation,
    ...section ? { section: { id: section.id, title: section.title } } : {},
  }
}

/** After a fail, credited minutes in the sections of the questions missed before the next attempt opens. */
export const RETAKE_STUDY_SECONDS = 5 * 60
/** At most this many attempts may start in any window of ATTEMPT_WINDOW_MS. */
export const ATTEMPTS_PER_WINDOW = 3
export const ATTEMPT_WINDOW_MS = 24 * 60 * 60 * 1000

export interface RetakeFacts {
  /** The latest submitted attempt, when it was not a pass: when it was marked and the sections of the questions missed. */
  lastFail: { submittedAt: Date, sections: { id: string, title: string }[] } | null
  /** Seconds the server has credited in those sections since that attempt was marked. */
  studiedSince: number
  /** When each earlier attempt started (server clock). */
  startedAt: Date[]
  now: Date
}

/**
 * The retake rules (issue 16): after a failed attempt, the next opens only once the learner has spent
 * RETAKE_STUDY_SECONDS of credited time, in all, in the sections of the questions they missed since that
 * attempt was marked; and no more than ATTEMPTS_PER_WINDOW attempts may start in any 24 hours.
 */
export function retakeGate(f: RetakeFacts): RetakeGate {
  const study = f.lastFail && f.studiedSince < RETAKE_STUDY_SECONDS
    ? { sections: f.lastFail.sections, secondsLeft: RETAKE_STUDY_SECONDS - Math.max(0, f.studiedSince) }
    : null
  const recent = f.startedAt.map(d => d.getTime()).filter(t => t > f.now.getTime() - ATTEMPT_WINDOW_MS).sort((a, b) => b - a)
  // The window frees a place when the oldest of the last ATTEMPTS_PER_WINDOW starts is 24 hours old.
  const notBefore = recent.length >= ATTEMPTS_PER_WINDOW ? new Date(recent[ATTEMPTS_PER_WINDOW - 1]! + ATTEMPT_WINDOW_MS).toISOString() : null
  return { open: !study && !notBefore, study, notBefore }
}
