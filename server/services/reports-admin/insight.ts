import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { poolQuestions, sectionOfPoolQuestion } from '../../domain/assessment-completion/assessment'
import type { CourseCatalog } from '../../domain/course-progress/catalog'
import { sectionOfActivity } from '../../domain/course-progress/catalog'
import type { Question } from '../../domain/course-progress/course-types'
import { gradeQuestion, parseAnswer, type Answer } from '../../domain/assessment-completion/grading'
import { choiceKey, insightFor, itemStatistics, type ItemKind, type Response } from '../../domain/reports-admin/item-analysis'

/**
 * Reads learners' first answers (attempt 1 of each quiz question and scenario step, and the first final
 * assessment submitted) and turns them into insight for a lead or item analysis for the charity. The
 * rules, including who may be shown what, are server/domain/reports-admin/item-analysis.ts.
 */

interface RawActivity { learner: string, grp: string | null, activity_id: string, item_id: string, answers: unknown, passed: boolean }
interface RawAssessment { learner: string, grp: string | null, answers: Record<string, unknown> | null }

export interface ItemInfo {
  key: string
  kind: ItemKind
  section: string
  sectionTitle: string
  /** The question's prompt, or the scenario's title and the step's words. */
  text: string
  /** The words of each choice by key (the keys choiceKey makes). */
  describe: (choice: string) => string
}

function describeChoice(q: Question | undefined, choice: string): string {
  if (!q) return choice
  if ('options' in q) return choice.split('+').map(id => q.options.find(o => o.id === id)?.text ?? id).join(' + ')
  if (q.type === 'ordering') return 'A different order'
  return 'Different pairs'
}

/** Every item the course asks about, keyed as the responses are. */
export function courseItems(catalog: CourseCatalog): Map<string, ItemInfo> {
  const items = new Map<string, ItemInfo>()
  const title = (id: string) => catalog.sections.find(s => s.id === id)?.title ?? id
  for (const quiz of catalog.quizzes.values()) {
    const section = sectionOfActivity(catalog, quiz.id)?.id ?? quiz.section
    for (const q of quiz.questions) items.set(`question:${quiz.id}/${q.id}`, { key: `question:${quiz.id}/${q.id}`, kind: 'question', section, sectionTitle: title(section), text: q.prompt, describe: c => describeChoice(q, c) })
  }
  for (const scenario of catalog.scenarios.values()) {
    const section = sectionOfActivity(catalog, scenario.id)?.id ?? ''
    for (const step of scenario.steps) {
      items.set(`decision:${scenario.id}/${step.id}`, {
        key: `decision:${scenario.id}/${step.id}`, kind: 'decision', section, sectionTitle: title(section), text: `${scenario.title}: ${step.text}`,
        describe: c => step.choices.find(ch => ch.id === c)?.text ?? c,
      })
    }
  }
  const sectionOf = sectionOfPoolQuestion(catalog.pool)
  for (const [id, q] of poolQuestions(catalog.pool)) {
    const section = sectionOf.get(id) ?? ''
    items.set(`assessment:${id}`, { key: `assessment:${id}`, kind: 'assessment', section, sectionTitle: title(section), text: q.prompt, describe: c => describeChoice(q, c) })
  }
  return items
}

/** The first answers of the learners in scope (one organisation's seat holders, or everyone), as responses. */
async function firstResponses(db: Db, catalog: CourseCatalog, organisationId: string | null): Promise<Response[]> {
  // For an organisation, each learner's group is their team there; across everyone, there are no groups.
  const scope = organisationId
    ? sql`join seats s on s.assigned_user_id = e.user_id and s.status = 'assigned' and s.purpose = 'first' and s.organisation_id = ${organisationId}`
    : sql``
  const grp = organisationId ? sql`s.team_id::text` : sql`null::text`
  const [activities, assessments] = await Promise.all([
    queryRows<RawActivity>(db, sql`
      select e.id::text as learner, ${grp} as grp, aa.activity_id, aa.item_id, aa.answers, aa.passed
      from enrolments e ${scope}
      join activity_attempts aa on aa.enrolment_id = e.id and aa.attempt_number = 1
      -- First answers are a learner's first enrolment's: a refresher is the same person again, never another learner.
      where e.course_version = ${catalog.version} and e.refreshes_enrolment_id is null`),
    queryRows<RawAssessment>(db, sql`
      select e.id::text as learner, ${grp} as grp, a.answers
      from enrolments e ${scope}
      join assessment_attempts a on a.enrolment_id = e.id and a.attempt_number = 1 and a.submitted_at is not null
      where e.course_version = ${catalog.version} and e.refreshes_enrolment_id is null`),
  ])
  const items = courseItems(catalog)
  const pool = poolQuestions(catalog.pool)
  const responses: Response[] = []
  for (const a of activities) {
    const isScenario = catalog.scenarios.has(a.activity_id)
    const key = `${isScenario ? 'decision' : 'question'}:${a.activity_id}/${a.item_id}`
    const info = items.get(key)
    if (!info) continue // an item no longer in the course
    responses.push({ learner: a.learner, group: a.grp, item: key, section: info.section, correct: a.passed, choice: choiceKey(a.answers as Answer | { choiceId: string }) })
  }
  for (const a of assessments) {
    for (const [id, raw] of Object.entries(a.answers ?? {})) {
      const q = pool.get(id)
      const info = items.get(`assessment:${id}`)
      if (!q || !info) continue
      let answer: Answer
      try {
        answer = parseAnswer(q, raw)
      }
      catch {
        continue // stored before the question changed shape: not comparable
      }
      responses.push({ learner: a.learner, group: a.grp, item: info.key, section: info.section, correct: gradeQuestion(q, answer).correct, choice: choiceKey(answer) })
    }
  }
  return responses
}

/** GET /api/orgs/<id>/insight: what the organisation's learners (or one team) find hard, when the group is large enough. */
export async function organisationInsight(db: Db, catalog: CourseCatalog, organisationId: string, team?: string) {
  const responses = await firstResponses(db, catalog, organisationId)
  const group = team === undefined ? undefined : team === 'none' ? null : team
  const result = insightFor(responses, group)
  if (!result.shown) return result
  const items = courseItems(catalog)
  const title = (id: string) => catalog.sections.find(s => s.id === id)?.title ?? id
  return {
    ...result,
    sections: result.sections.map(s => ({ sectionId: s.section, title: title(s.section), learners: s.learners, wrongShare: s.wrongShare, link: `/course/${s.section}` })),
    items: result.items.map((row) => {
      const info = items.get(row.item)!
      return {
        kind: info.kind,
        text: info.text,
        sectionId: info.section,
        sectionTitle: info.sectionTitle,
        link: `/course/${info.section}`,
        learners: row.learners,
        wrongShare: row.wrongShare,
        commonestWrong: row.commonestWrong === null ? null : info.describe(row.commonestWrong),
      }
    }),
  }
}

/** The charity's item analysis over every learner's first answers. */
export async function itemAnalysis(db: Db, catalog: CourseCatalog) {
  const items = courseItems(catalog)
  return itemStatistics(await firstResponses(db, catalog, null)).map((s) => {
    const info = items.get(s.item)!
    return { ...s, kind: info.kind, text: info.text, sectionId: info.section, choices: s.choices.map(c => ({ ...c, text: info.describe(c.choice) })) }
  })
}
