import { and, desc, eq, isNotNull, isNull, max } from 'drizzle-orm'
import type { Db } from '../db/client'
import { assessmentAttempts, enrolments, sectionProgress } from '../db/schema'
import { type AssessmentResult, drawAssessment, gradeAssessment, poolQuestions } from '../domain/assessment'
import type { CourseCatalog } from '../domain/catalog'
import type { Question } from '../domain/course-types'
import { DomainError } from '../domain/errors'
import { type PublicQuestion, publicQuestion } from '../domain/grading'
import { assessmentStatus } from '../domain/progress-summary'
import { attemptFacts } from './progress-summary'
import { recordCompletionIfDue } from './progress'
import { learnerSeeds } from './shuffle-seeds'

type Attempt = typeof assessmentAttempts.$inferSelect

export interface AttemptView {
  id: string
  number: number
  questions: PublicQuestion[]
  startedAt: string
  /** Only once submitted. */
  result: (AssessmentResult & { passMark: number, submittedAt: string, completedAt: string | null }) | null
}

async function sectionsLeft(db: Db, catalog: CourseCatalog, enrolmentId: string) {
  const done = await db.select({ id: sectionProgress.sectionId }).from(sectionProgress)
    .where(and(eq(sectionProgress.enrolmentId, enrolmentId), eq(sectionProgress.status, 'completed')))
  const ids = new Set(done.map(d => d.id))
  return catalog.sections.filter(s => !ids.has(s.id)).map(s => ({ id: s.id, title: s.title }))
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

async function viewOf(db: Db, catalog: CourseCatalog, attempt: Attempt): Promise<AttemptView> {
  const questions = drawnQuestions(catalog, attempt)
  const seeds = learnerSeeds(attempt.enrolmentId)
  const base = { id: attempt.id, number: attempt.attemptNumber, questions: questions.map(q => publicQuestion(q, seeds)), startedAt: attempt.startedAt.toISOString() }
  if (!attempt.submittedAt) return { ...base, result: null }
  // The stored answers were checked when submitted; marking them again gives the same result and review.
  const { answers: _, ...result } = gradeAssessment(questions, attempt.answers ?? {}, catalog.passMark)
  return {
    ...base,
    result: {
      ...result,
      scorePercent: attempt.scorePercent!,
      passed: attempt.passed!,
      passMark: catalog.passMark,
      submittedAt: attempt.submittedAt.toISOString(),
      completedAt: await completedAt(db, attempt.enrolmentId),
    },
  }
}

/** What the assessment page shows before any attempt: whether it is open, what is left, earlier marks. */
export async function assessmentOverview(db: Db, catalog: CourseCatalog, enrolmentId: string) {
  const [left, facts, attempts, done] = await Promise.all([
    sectionsLeft(db, catalog, enrolmentId),
    attemptFacts(db, enrolmentId),
    db.select().from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId)).orderBy(desc(assessmentAttempts.attemptNumber)),
    completedAt(db, enrolmentId),
  ])
  return {
    status: assessmentStatus(left.length === 0, facts),
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
export async function startAttempt(db: Db, catalog: CourseCatalog, enrolmentId: string, random: () => number = Math.random): Promise<AttemptView> {
  const facts = await attemptFacts(db, enrolmentId)
  if (facts.some(a => a.passed)) throw new DomainError('conflict', 'You have already passed the final assessment.', { code: 'already_passed' })
  const findOpen = async () => (await db.select().from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.enrolmentId, enrolmentId), isNull(assessmentAttempts.submittedAt))))[0]
  const open = await findOpen()
  if (open) return viewOf(db, catalog, open)
  const left = await sectionsLeft(db, catalog, enrolmentId)
  if (left.length > 0) {
    throw new DomainError('rule', `Finish every section before the final assessment: ${left.length} still to do.`, { code: 'assessment_locked' })
  }
  const [previous] = await db.select({ questionIds: assessmentAttempts.questionIds }).from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.enrolmentId, enrolmentId), isNotNull(assessmentAttempts.submittedAt)))
    .orderBy(desc(assessmentAttempts.attemptNumber)).limit(1)
  const [{ last }] = await db.select({ last: max(assessmentAttempts.attemptNumber) }).from(assessmentAttempts)
    .where(eq(assessmentAttempts.enrolmentId, enrolmentId)) as [{ last: number | null }]
  const questionIds = drawAssessment(catalog.pool, catalog.drawCount, random, previous?.questionIds ?? [])
  const [created] = await db.insert(assessmentAttempts).values({ enrolmentId, attemptNumber: (last ?? 0) + 1, questionIds })
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
export async function submitAttempt(db: Db, catalog: CourseCatalog, enrolmentId: string, attemptId: string, answers: Record<string, unknown>, now = new Date()): Promise<AttemptView> {
  return db.transaction(async (tx) => {
    const [attempt] = await tx.select().from(assessmentAttempts)
      .where(and(eq(assessmentAttempts.id, attemptId), eq(assessmentAttempts.enrolmentId, enrolmentId))).for('update')
    if (!attempt) throw new DomainError('not_found', 'There is no such assessment attempt.')
    if (attempt.submittedAt) return viewOf(tx, catalog, attempt)
    const result = gradeAssessment(drawnQuestions(catalog, attempt), answers, catalog.passMark)
    const [submitted] = await tx.update(assessmentAttempts)
      .set({ answers: result.answers, scorePercent: result.scorePercent, passed: result.passed, submittedAt: now })
      .where(and(eq(assessmentAttempts.id, attempt.id), isNull(assessmentAttempts.submittedAt))).returning()
    if (result.passed) await recordCompletionIfDue(tx, catalog, enrolmentId, now)
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
