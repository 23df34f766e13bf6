import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { assessmentAttempts, sectionProgress, type enrolments } from '../../db/schema'
import type { CourseCatalog } from '../../domain/course-progress/catalog'
import { type AttemptFacts, summariseProgress } from '../../domain/course-progress/progress-summary'
import { completionRuleOf } from '../assessment-completion/completion'

type Enrolment = typeof enrolments.$inferSelect

/** A learner's assessment attempts in order, reduced to what the rules need. */
export async function attemptFacts(db: Db, enrolmentId: string): Promise<AttemptFacts[]> {
  const rows = await db.select({ submittedAt: assessmentAttempts.submittedAt, passed: assessmentAttempts.passed, scorePercent: assessmentAttempts.scorePercent })
    .from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId)).orderBy(asc(assessmentAttempts.attemptNumber))
  return rows.map(r => ({ submitted: r.submittedAt !== null, passed: r.passed, scorePercent: r.scorePercent }))
}

/** The course home's summary for one enrolment: section states, time left, where to continue, the assessment. */
export async function progressSummary(db: Db, catalog: CourseCatalog, enrolment: Enrolment) {
  const [progress, attempts, rule] = await Promise.all([
    db.select({ sectionId: sectionProgress.sectionId, status: sectionProgress.status, lastAnchor: sectionProgress.lastAnchor, completedAt: sectionProgress.completedAt })
      .from(sectionProgress).where(eq(sectionProgress.enrolmentId, enrolment.id)),
    attemptFacts(db, enrolment.id),
    completionRuleOf(db, catalog, enrolment.id),
  ])
  return summariseProgress({
    requiredSectionIds: rule.requiredSectionIds,
    sections: catalog.sections,
    progress,
    lastPosition: enrolment.lastPosition,
    attempts,
    completedAt: enrolment.completedAt,
  })
}
