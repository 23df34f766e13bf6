import { ukTimeOnDate } from '#shared/dates'
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { assessmentAttempts, enrolments } from '../../db/schema'
import { ATTEMPTS_PER_WINDOW, type AssessmentResult, drawAssessment, gradeAssessment, poolQuestions, retakeGate, sectionOfPoolQuestion } from '../../domain/assessment-completion/assessment'
import type { RetakeGate } from '#shared/types/assessment'
import type { CourseCatalog } from '../../domain/course-progress/catalog'
import type { Question } from '../../domain/course-progress/course-types'
import { DomainError } from '../../domain/platform/errors'
import { type PublicQuestion, publicQuestion } from '../../domain/assessment-completion/grading'
import { assessmentStatus } from '../../domain/course-progress/progress-summary'
import { attemptFacts } from '../course-progress/progress-summary'
import { recordCompletionIfDue, requiredSectionsLeft } from './completion'
import { creditedSecondsBySection } from '../course-progress/progress'
import { learnerSeeds } from '../course-progress/shuffle-seeds'

type Attempt = typeof assessmentAttempts.$inferSelect

export interface AttemptView {
  id: string
  number: number
  questions: PublicQuestion[]
  startedAt: string
  /** Only once submitted. */
  result: (AssessmentResult & { passMark: number, submittedAt: string, completedAt: string | null }) | null
}

/** The sections the enrolment's completion rule still asks for (every section, or a refresher's changed ones). */
async function sectionsLeft(db: Db, catalog: CourseCatalog, enrolmentId: string) {
  return (await requiredSectionsLeft(db, catalog, enrolmentId)).left
}

/** The drawn questions as they are in the content now (a question since removed is left out). */
function drawnQuestions(catalog: CourseCatalog, attempt: Attempt): Question[] {
  const pool = poolQuestions(catalog.pool)
  return attempt.questionIds.flatMap(id => pool.get(id) ?? [])
}

async function completedAt(db: Db, enrolmentId: string) {
  const [row] = await db.select({ completedAt: enrolments.completedAt }).from(enrolments).where(eq(enrolments.id, enrolmentId))
  return row?.completedAt?.toISOString() ?? null
}

/** The section each pool question tests, by id and title, for the review's "read this again" link. */
function sectionLookup(catalog: CourseCatalog): (questionId: string) => { id: string, title: string } | undefined {
  const sectionOf = sectionOfPoolQuestion(catalog.pool)
  return (questionId) => {
    const section = catalog.sections.find(s => s.id === sectionOf.get(questionId))
    return section && { id: section.id, title: section.title }
  }
}

/** A submitted attempt marked again from its stored answers (checked when submitted, so the same result). */
function markStored(catalog: CourseCatalog, attempt: Attempt) {
  return gradeAssessment(drawnQuestions(catalog, attempt), attempt.answers ?? {}, catalog.passMark, sectionLookup(catalog))
}

async function viewOf(db: Db, catalog: CourseCatalog, attempt: Attempt): Promise<AttemptView> {
  const questions = drawnQuestions(catalog, attempt)
  const seeds = learnerSeeds(attempt.enrolmentId)
  const base = { id: attempt.id, number: attempt.attemptNumber, questions: questions.map(q => publicQuestion(q, seeds)), startedAt: attempt.startedAt.toISOString() }
  if (!attempt.submittedAt) return { ...base, result: null }
  // Only the score and the review's verdicts: never the stored answers marked against the key.
  const { review } = markStored(catalog, attempt)
  return {
    ...base,
    result: {
      review,
      scorePercent: attempt.scorePercent!,
      passed: attempt.passed!,
      passMark: catalog.passMark,
      submittedAt: attempt.submittedAt.toISOString(),
      completedAt: await completedAt(db, attempt.enrolmentId),
    },
  }
}

/**
 * Whether a new attempt may start now under the retake rules (domain/assessment-completion/assessment.ts, retakeGate), from the
 * learner's attempts so far and the time the server has credited since their last fail.
 */
async function gateFor(db: Db, catalog: CourseCatalog, enrolmentId: string, attempts: Attempt[], now: Date): Promise<RetakeGate> {
  const last = attempts.filter(a => a.submittedAt).sort((a, b) => b.attemptNumber - a.attemptNumber)[0]
  let lastFail: Parameters<typeof retakeGate>[0]['lastFail'] = null
  let studiedSince = 0
  if (last && !last.passed) {
    const lookup = sectionLookup(catalog)
    const sectionIds = [...new Set(markStored(catalog, last).missed.map(id => lookup(id)?.id).filter((id): id is string => !!id))]
    const sections = catalog.sections.filter(s => sectionIds.includes(s.id)).map(s => ({ id: s.id, title: s.title }))
    lastFail = { submittedAt: last.submittedAt!, sections }
    const credited = await creditedSecondsBySection(db, enrolmentId, { sectionIds, since: last.submittedAt! })
    studiedSince = Object.values(credited).reduce((n, x) => n + x, 0)
  }
  return retakeGate({ lastFail, studiedSince, startedAt: attempts.map(a => a.startedAt), now })
}


/** A refusal that says, in plain words, when and why the next attempt opens. */
function gateRefusal(gate: RetakeGate): DomainError {
  const parts: string[] = []
  if (gate.study) {
    const minutes = Math.ceil(gate.study.secondsLeft / 60)
    parts.push(`spend about ${minutes} more ${minutes === 1 ? 'minute' : 'minutes'} reading ${gate.study.sections.map(s => `"${s.title}"`).join(', ')}, the ${gate.study.sections.length === 1 ? 'section' : 'sections'} of the questions you missed`)
  }
  if (gate.notBefore) parts.push(`wait until ${ukTimeOnDate(gate.notBefore)}, as at most ${ATTEMPTS_PER_WINDOW} attempts can start in 24 hours`)
  return new DomainError('rule', `Your next attempt opens when you ${parts.join(', and ')}.`, { code: 'retake_not_yet', data: { nextAttempt: gate } })
}

/** What the assessment page shows before any attempt: whether it is open, what is left, earlier marks, and when the next attempt opens. */
export async function assessmentOverview(db: Db, catalog: CourseCatalog, enrolmentId: string, now: Date) {
  const [left, facts, attempts, done] = await Promise.all([
    sectionsLeft(db, catalog, enrolmentId),
    attemptFacts(db, enrolmentId),
    db.select().from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId)).orderBy(desc(assessmentAttempts.attemptNumber)),
    completedAt(db, enrolmentId),
  ])
  const status = assessmentStatus(left.length === 0, facts)
  return {
    status,
    /** After a fail: what the next attempt waits for (time in sections, the daily limit), or that it is open. */
    nextAttempt: status === 'available' && attempts.some(a => a.submittedAt) ? await gateFor(db, catalog, enrolmentId, attempts, now) : null,
    passMark: catalog.passMark,
    questionCount: Math.min(catalog.drawCount, poolQuestions(catalog.pool).size),
    sectionsLeft: left,
    openAttemptId: attempts.find(a => !a.submittedAt)?.id ?? null,
    attempts: attempts.filter(a => a.submittedAt).map(a => ({ id: a.id, number: a.attemptNumber, scorePercent: a.scorePercent!, passed: a.passed!, submittedAt: a.submittedAt!.toISOString() })),
    completedAt: done,
  }
}

/**
 * Opens an attempt once every section is done: an unfinished attempt is resumed, otherwise a new draw
 * avoids the questions of the previous one. Safe to race: at most one attempt is ever open.
 */
export async function startAttempt(db: Db, catalog: CourseCatalog, enrolmentId: string, now: Date, random: () => number = Math.random): Promise<AttemptView> {
  const facts = await attemptFacts(db, enrolmentId)
  if (facts.some(a => a.passed)) throw new DomainError('conflict', 'You have already passed the final assessment.', { code: 'already_passed' })
  const findOpen = async () => (await db.select().from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.enrolmentId, enrolmentId), isNull(assessmentAttempts.submittedAt))))[0]
  const open = await findOpen()
  if (open) return viewOf(db, catalog, open)
  const { rule, left } = await requiredSectionsLeft(db, catalog, enrolmentId)
  if (left.length > 0) {
    throw new DomainError('rule', rule.kind === 'first'
      ? `Finish every section before the final assessment: ${left.length} still to do.`
      : `Your refresher asks for the sections that changed before the final assessment: ${left.map(s => `"${s.title}"`).join(', ')} still to do.`, { code: 'assessment_locked' })
  }
  const earlier = await db.select().from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId))
  const gate = await gateFor(db, catalog, enrolmentId, earlier, now)
  if (!gate.open) throw gateRefusal(gate)
  const previous = earlier.filter(a => a.submittedAt).sort((a, b) => b.attemptNumber - a.attemptNumber)[0]
  const last = Math.max(0, ...earlier.map(a => a.attemptNumber))
  const questionIds = drawAssessment(catalog.pool, catalog.drawCount, random, previous?.questionIds ?? [])
  // Started on the server's clock, which the limit of attempts in 24 hours reads.
  const [created] = await db.insert(assessmentAttempts).values({ enrolmentId, attemptNumber: last + 1, questionIds, startedAt: now })
    .onConflictDoNothing().returning()
  // Lost a race with another start: the winner's attempt is the open one.
  const attempt = created ?? await findOpen()
  if (!attempt) throw new DomainError('conflict', 'The assessment changed while starting. Please try again.')
  return viewOf(db, catalog, attempt)
}

/**
 * Marks an attempt once. A retried submit returns the first result and changes nothing. A pass records
 * the course completion in the same transaction (where the certificate will be issued).
 */
export async function submitAttempt(db: Db, catalog: CourseCatalog, enrolmentId: string, attemptId: string, answers: Record<string, unknown>, now: Date, siteUrl: string): Promise<AttemptView> {
  return db.transaction(async (tx) => {
    const [attempt] = await tx.select().from(assessmentAttempts)
      .where(and(eq(assessmentAttempts.id, attemptId), eq(assessmentAttempts.enrolmentId, enrolmentId))).for('update')
    if (!attempt) throw new DomainError('not_found', 'There is no such assessment attempt.')
    if (attempt.submittedAt) return viewOf(tx, catalog, attempt)
    const result = gradeAssessment(drawnQuestions(catalog, attempt), answers, catalog.passMark)
    const [submitted] = await tx.update(assessmentAttempts)
      .set({ answers: result.answers, scorePercent: result.scorePercent, passed: result.passed, submittedAt: now })
      .where(and(eq(assessmentAttempts.id, attempt.id), isNull(assessmentAttempts.submittedAt))).returning()
    if (result.passed) await recordCompletionIfDue(tx, catalog, enrolmentId, now, siteUrl)
    return viewOf(tx, catalog, submitted!)
  })
}

/** One attempt of the learner's own: its questions, and its result once submitted. */
export async function attemptView(db: Db, catalog: CourseCatalog, enrolmentId: string, attemptId: string): Promise<AttemptView> {
  const [attempt] = await db.select().from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.id, attemptId), eq(assessmentAttempts.enrolmentId, enrolmentId)))
  if (!attempt) throw new DomainError('not_found', 'There is no such assessment attempt.')
  return viewOf(db, catalog, attempt)
}
