import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { activityAttempts, activityCompletions, reflections, sectionProgress } from '../../db/schema'
import type { CatalogSection, CourseCatalog } from '../../domain/course-progress/catalog'
import type { Quiz, Scenario } from '../../domain/course-progress/course-types'
import { type Answer, gradeQuestion } from '../../domain/assessment-completion/grading'
import { hasStudiedLongEnough, studySecondsFor } from '../../domain/course-progress/progress'
import { currentRuns } from './scenario-runs'
import { learnerSeeds } from './shuffle-seeds'
import type { SectionLearnerState } from '#shared/types/sections'

export type { SectionLearnerState } from '#shared/types/sections'
export type { AnsweredQuestion } from '#shared/types/questions'

async function latestAnswers(db: Db, enrolmentId: string, quizzes: Quiz[]) {
  const answers: SectionLearnerState['answers'] = {}
  if (quizzes.length === 0) return answers
  const rows = await db.selectDistinctOn([activityAttempts.activityId, activityAttempts.itemId], {
    activityId: activityAttempts.activityId,
    itemId: activityAttempts.itemId,
    answers: activityAttempts.answers,
  }).from(activityAttempts)
    .where(and(eq(activityAttempts.enrolmentId, enrolmentId), inArray(activityAttempts.activityId, quizzes.map(q => q.id))))
    .orderBy(activityAttempts.activityId, activityAttempts.itemId, desc(activityAttempts.attemptNumber))
  for (const row of rows) {
    const question = quizzes.find(q => q.id === row.activityId)?.questions.find(q => q.id === row.itemId)
    if (!question) continue
    try {
      const graded = gradeQuestion(question, row.answers as Answer)
      ;(answers[row.activityId] ??= {})[row.itemId] = { ...graded, answer: row.answers as Answer }
    }
    catch {
      // An answer the question no longer accepts is treated as unanswered: the learner answers again.
    }
  }
  return answers
}

export async function sectionLearnerState(db: Db, catalog: CourseCatalog, enrolmentId: string, section: CatalogSection): Promise<SectionLearnerState> {
  const ids = section.activities.map(a => a.id)
  const quizzes = ids.flatMap(id => catalog.quizzes.get(id) ?? [])
  const scenarios = ids.flatMap(id => catalog.scenarios.get(id) ?? []) as Scenario[]
  const [[row], answers, runs, completions, notes] = await Promise.all([
    db.select().from(sectionProgress).where(and(eq(sectionProgress.enrolmentId, enrolmentId), eq(sectionProgress.sectionId, section.id))),
    latestAnswers(db, enrolmentId, quizzes),
    currentRuns(db, enrolmentId, scenarios, learnerSeeds(enrolmentId)),
    ids.length
      ? db.select({ activityId: activityCompletions.activityId }).from(activityCompletions)
          .where(and(eq(activityCompletions.enrolmentId, enrolmentId), inArray(activityCompletions.activityId, ids)))
      : [],
    section.reflections.length
      ? db.select({ id: reflections.reflectionId, text: reflections.text }).from(reflections)
          .where(and(eq(reflections.enrolmentId, enrolmentId), inArray(reflections.reflectionId, section.reflections)))
      : [],
  ])
  const completed = new Set(completions.map(c => c.activityId))
  return {
    status: row?.status ?? 'not_started',
    contentReached: row?.contentReached ?? false,
    studied: hasStudiedLongEnough(row?.activeSeconds ?? 0, studySecondsFor(section.minutes, catalog.studyShare)),
    anchor: row?.lastAnchor ?? null,
    answers,
    scenarios: Object.fromEntries(Object.entries(runs).map(([id, run]) => [id, { ...run, completed: completed.has(id) }])),
    completedActivities: [...completed],
    reflections: Object.fromEntries(notes.map(n => [n.id, n.text])),
  }
}
