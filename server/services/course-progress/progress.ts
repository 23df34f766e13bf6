import { and, count, eq, gte, inArray, type SQL, sql } from 'drizzle-orm'
import { preparedPerDatabase, queryRows, rawStatement, type Db } from '../../db/client'
import { createBatcher } from '../../db/batch'
import { activityAttempts, activityCompletions, enrolments, progressEvents, reflections, sectionProgress, timeCredits } from '../../db/schema'
import { type CatalogSection, findSection, sectionOfActivity, sectionOfReflection, type CourseCatalog } from '../../domain/course-progress/catalog'
import { DomainError } from '../../domain/platform/errors'
import { gradeQuestion, parseAnswer } from '../../domain/assessment-completion/grading'
import { hasStudiedLongEnough, isQuizDone, isSectionComplete, studySecondsFor } from '../../domain/course-progress/progress'
import { seatHolderEnrolmentId } from './access'
import { recordCompletionIfDue } from '../assessment-completion/completion'
import { chooseInRun, restartRun } from './scenario-runs'
import { learnerSeeds } from './shuffle-seeds'
import type { EventOutcome, ProgressEvent, ProgressEventType, ProgressResults, SavedOutcome, SectionOutcome } from '#shared/types/progress'
import type { SectionStatus } from '#shared/types/sections'

/** An event's result, tagged with its type, so each kind of event answers with its own shape. */
type TypedResult = { [T in ProgressEventType]: { type: T, result: ProgressResults[T] } }[ProgressEventType]

const QUALITY_SCORE = { good: 1, mixed: 0.5, poor: 0 } as const

/**
 * Applies a batch of progress events, each once: an event id already seen is skipped and its first
 * result returned again. Each event is its own transaction, so one bad event never loses the others.
 * `now` is the server's clock (server/utils/clock.ts); the events' own `at` only orders positions.
 */
export async function applyProgressEvents(db: Db, catalog: CourseCatalog, enrolmentId: string, events: ProgressEvent[], siteUrl: string, now: Date): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = []
  for (const event of events) {
    try {
      if (event.type === 'position' && findSection(catalog, event.sectionId) && (await savePosition(db, { enrolmentId }, event, now)).fresh) {
        outcomes.push({ id: event.id, type: 'position', status: 'applied', result: null })
        continue
      }
      const section = event.type === 'time' ? findSection(catalog, event.sectionId) : undefined
      const credited = section && await creditTime(db, catalog, section, enrolmentId, event as Extract<ProgressEvent, { type: 'time' }>, now, siteUrl)
      if (credited) {
        outcomes.push({ id: event.id, type: 'time', status: 'applied', result: credited })
        continue
      }
      outcomes.push(await db.transaction(async (tx): Promise<SavedOutcome> => {
        const [fresh] = await tx.insert(progressEvents).values({ id: event.id, enrolmentId, type: event.type, receivedAt: now })
          .onConflictDoNothing().returning({ id: progressEvents.id })
        if (!fresh) {
          const [seen] = await tx.select({ result: progressEvents.result }).from(progressEvents)
            .where(and(eq(progressEvents.id, event.id), eq(progressEvents.enrolmentId, enrolmentId)))
          if (!seen) throw new DomainError('conflict', 'This event id is already used.')
          // The result stored when this event was first applied, by this same code: its type's shape.
          return { id: event.id, type: event.type, status: 'duplicate', result: seen.result } as SavedOutcome
        }
        const applied = await applyOne(tx, catalog, enrolmentId, event, now, siteUrl)
        await tx.update(progressEvents).set({ result: applied.result }).where(eq(progressEvents.id, event.id))
        await tx.update(enrolments).set({ lastActiveAt: now }).where(eq(enrolments.id, enrolmentId))
        return { id: event.id, status: 'applied', ...applied }
      }))
    }
    catch (error) {
      if (!(error instanceof DomainError)) throw error
      outcomes.push({ id: event.id, type: event.type, status: 'rejected', error: error.message })
    }
  }
  return outcomes
}

/** Whose position it is: a known enrolment, or the seat holder's (checked in the same statement). */
type PositionOwner = { enrolmentId: string } | { userId: string, courseVersion: number }

/**
 * A position event (the commonest by far: one every few seconds of reading) in a single statement, which is
 * atomic on its own: record the event id, touch the section, move the resume point and the last-active time.
 * It does what the general path below does for a position, in one round trip instead of seven. Given the
 * user rather than the enrolment, the statement also checks access (seatHolderEnrolmentId), so a lone
 * position save costs one round trip after the session lookup. `fresh` is false when the event id was
 * already used (nothing changed): the general path then answers as for any repeat; `enrolled` is false
 * when the user has no enrolment with a seat yet (nothing changed): the general path makes it or refuses.
 */
async function savePosition(db: Db, owner: PositionOwner, event: Extract<ProgressEvent, { type: 'position' }>, now: Date, alone = false) {
  const values = {
    eventId: event.id,
    at: now.toISOString(),
    sectionId: event.sectionId,
    anchor: event.anchor,
    clientAt: event.at,
    position: JSON.stringify({ sectionId: event.sectionId, anchor: event.anchor, at: event.at }),
  }
  let row: PositionRow | undefined
  if ('enrolmentId' in owner) [row] = await positionOfEnrolment(db)({ ...values, enrolmentId: owner.enrolmentId })
  else if (alone) [row] = await positionOfSeatHolder(db)({ ...values, ...owner })
  else row = await seatHolderPositions(db)({ ...values, ...owner })
  return { enrolled: Number(row?.enrolled) > 0, fresh: Number(row?.fresh) > 0 }
}

/** savePosition's statement, for an enrolment (`enrolment`: the subquery naming it), with placeholders for the event. */
function positionStatement(enrolment: SQL) {
  const p = (name: string) => sql.placeholder(name)
  return sql`
    with enrolment as (${enrolment}), fresh as (
      insert into progress_events (id, enrolment_id, type, received_at)
      select ${p('eventId')}::uuid, enrolment.id, 'position', ${p('at')}::timestamptz from enrolment
      on conflict do nothing
      returning enrolment_id
    ), touched as (
      insert into section_progress (enrolment_id, section_id, status, updated_at, last_anchor)
      select enrolment_id, ${p('sectionId')}, 'in_progress', ${p('at')}::timestamptz, ${p('anchor')} from fresh
      on conflict (enrolment_id, section_id) do update set updated_at = excluded.updated_at, last_anchor = excluded.last_anchor
    ), moved as (
      -- Events can arrive out of order: only a later position replaces the resume point (a tie goes to this save).
      update enrolments set last_active_at = ${p('at')}::timestamptz, last_position = case
        when last_position is null or (last_position->>'at')::bigint <= ${p('clientAt')}::bigint then ${p('position')}::jsonb
        else last_position end
      where id = (select enrolment_id from fresh)
    )
    select (select count(*) from enrolment)::int as enrolled, (select count(*) from fresh)::int as fresh`
}

type PositionRow = { enrolled: number, fresh: number }
// Built once per database: this is the statement behind most requests (see rawStatement).
const positionOfEnrolment = preparedPerDatabase(db => rawStatement<PositionRow>(db, positionStatement(sql`select ${sql.placeholder('enrolmentId')}::uuid as id`)))
const positionOfSeatHolder = preparedPerDatabase(db => rawStatement<PositionRow>(db, positionStatement(
  seatHolderEnrolmentId(db, sql.placeholder('userId'), sql.placeholder('courseVersion')).getSQL(),
)))

/** One lone position save of a seat holder: positionOfSeatHolder's values. */
type SeatHolderPosition = { eventId: string, at: string, sectionId: string, anchor: string, clientAt: number, position: string, userId: string, courseVersion: number }

/**
 * positionOfSeatHolder for many saves in one statement: the same steps, each save on its own row of `input`
 * (its number `n`), and one row of results per save, in order. It behaves as the saves would one after
 * another because no two of them share a learner (the batcher's key), so no two touch the same enrolment,
 * section row or resume point. A repeated event id inserts nothing, and `fresh` is matched on the event id
 * and the enrolment together, so an id another learner already used is never taken for this save's own.
 * Rows are inserted in event id order, so two batches running at once wait for each other's ids in one order.
 */
function positionsStatement(db: Db) {
  const enrolment = seatHolderEnrolmentId(db, sql`i.user_id`, sql`i.course_version`)
  return sql`
    with input as (
      select * from jsonb_to_recordset(${sql.placeholder('saves')}::jsonb) as i(n int, event_id uuid, user_id uuid, course_version int,
        section_id text, anchor text, at timestamptz, client_at bigint, position jsonb)
    ), enrolment as (
      select i.n, (${enrolment}) as id from input i
    ), fresh as (
      insert into progress_events (id, enrolment_id, type, received_at)
      select i.event_id, e.id, 'position', i.at from input i join enrolment e on e.n = i.n where e.id is not null order by i.event_id
      on conflict do nothing
      returning id, enrolment_id
    ), saved as (
      select i.*, f.enrolment_id from fresh f join enrolment e on e.id = f.enrolment_id join input i on i.n = e.n and i.event_id = f.id
    ), touched as (
      insert into section_progress (enrolment_id, section_id, status, updated_at, last_anchor)
      select enrolment_id, section_id, 'in_progress', at, anchor from saved
      on conflict (enrolment_id, section_id) do update set updated_at = excluded.updated_at, last_anchor = excluded.last_anchor
    ), moved as (
      -- Events can arrive out of order: only a later position replaces the resume point (a tie goes to this save).
      update enrolments set last_active_at = s.at, last_position = case
        when last_position is null or (last_position->>'at')::bigint <= s.client_at then s.position
        else last_position end
      from saved s where enrolments.id = s.enrolment_id
    )
    select e.n, (e.id is not null)::int as enrolled, (exists (select 1 from saved s where s.n = e.n))::int as fresh
    from enrolment e order by e.n`
}

const positionsOfSeatHolders = preparedPerDatabase(db => rawStatement<PositionRow & { n: number }>(db, positionsStatement(db)))

/**
 * Lone position saves, the commonest request, coalesced under load (server/db/batch.ts): while POSITION_BATCHES
 * statements are running, the saves that arrive meanwhile go together in one statement when one ends; with
 * fewer running, a save runs positionOfSeatHolder at once, as before. At most one save per learner in a batch,
 * or running at once. Four keep PostgreSQL's cores busy and leave the rest of the pool (10) to other requests;
 * measured against 2 and 10 in docs/measured.md.
 */
export const POSITION_BATCHES = 4
const seatHolderPositions = preparedPerDatabase(db => createBatcher<SeatHolderPosition, PositionRow>({
  concurrency: POSITION_BATCHES,
  maxSize: 100,
  key: save => save.userId,
  runOne: async save => (await positionOfSeatHolder(db)(save))[0] ?? { enrolled: 0, fresh: 0 },
  run: async (saves) => {
    // The same values as the one-save statement's, as a JSON array of rows (the same on postgres.js and PGlite).
    const input = saves.map((s, n) => ({ n, event_id: s.eventId, user_id: s.userId, course_version: s.courseVersion, section_id: s.sectionId, anchor: s.anchor, at: s.at, client_at: s.clientAt, position: JSON.parse(s.position) as unknown }))
    const rows = await positionsOfSeatHolders(db)({ saves: JSON.stringify(input) })
    const byNumber = new Map(rows.map(row => [Number(row.n), row]))
    return saves.map((_, n) => byNumber.get(n) ?? { enrolled: 0, fresh: 0 })
  },
}))

/**
 * The browser's commonest request, a batch of one position in a known section, saved with its access check in
 * one statement. Null when that is not the case (another batch, no enrolment yet, a repeated id): the caller
 * then takes the general path (requireEnrolment, applyProgressEvents), which answers every case.
 */
export async function saveLonePosition(db: Db, catalog: CourseCatalog, userId: string, events: ProgressEvent[], now: Date, { alone = false } = {}): Promise<EventOutcome[] | null> {
  const [event] = events
  if (events.length !== 1 || event?.type !== 'position' || !findSection(catalog, event.sectionId)) return null
  const saved = await savePosition(db, { userId, courseVersion: catalog.version }, event, now, alone)
  return saved.enrolled && saved.fresh ? [{ id: event.id, type: 'position', status: 'applied', result: null }] : null
}

/**
 * A `time` event: the browser reports up to 60 seconds of active reading in a section, and the server grants
 * at most the time that has passed on its own clock since the enrolment's previous grant. The enrolment's
 * `time_credited_until` is that mark: locked, read and moved forward by the grant in one statement, so two
 * saves racing each other cannot both claim the same seconds, and credited time can never run ahead of real
 * time (nor exceed 60 s in any real minute). Time the learner spent offline is still granted when the queue
 * flushes, up to the real time that passed. The client's `at` plays no part.
 * Also records the grant (time_credits), adds it to the section and to the enrolment's running total, and touches last-active; the result says how
 * much was granted and whether the section has now had its share of time. Null when the event id was already
 * used (nothing changed): the general path then answers as for any repeat.
 */
async function creditTime(db: Db, catalog: CourseCatalog, section: CatalogSection, enrolmentId: string, event: Extract<ProgressEvent, { type: 'time' }>, now: Date, siteUrl: string) {
  const at = now.toISOString()
  const [row] = await queryRows<{ credited: number, status: SectionStatus, content_reached: boolean, active_seconds: number }>(db, sql`
    with mark as (
      select time_credited_until as until from enrolments where id = ${enrolmentId}::uuid for update
    ), allowed as (
      select until, least(${event.seconds}::int, greatest(0, floor(extract(epoch from (${at}::timestamptz - until)))))::int as seconds from mark
    ), fresh as (
      insert into progress_events (id, enrolment_id, type, received_at, result)
      select ${event.id}::uuid, ${enrolmentId}::uuid, 'time', ${at}::timestamptz, jsonb_build_object('credited', a.seconds) from allowed a
      on conflict do nothing
      returning id
    ), moved as (
      -- The enrolment's running total moves with the mark, in this same statement (the report reads it).
      update enrolments set time_credited_until = a.until + make_interval(secs => a.seconds), last_active_at = ${at}::timestamptz,
        active_seconds = enrolments.active_seconds + a.seconds
      from allowed a where enrolments.id = ${enrolmentId}::uuid and exists (select 1 from fresh)
    ), logged as (
      insert into time_credits (enrolment_id, section_id, credited_at, seconds)
      select ${enrolmentId}::uuid, ${section.id}, ${at}::timestamptz, a.seconds from allowed a where a.seconds > 0 and exists (select 1 from fresh)
    ), touched as (
      insert into section_progress (enrolment_id, section_id, status, updated_at, active_seconds)
      select ${enrolmentId}::uuid, ${section.id}, 'in_progress', ${at}::timestamptz, a.seconds from allowed a where exists (select 1 from fresh)
      on conflict (enrolment_id, section_id) do update set updated_at = excluded.updated_at, active_seconds = section_progress.active_seconds + excluded.active_seconds
      returning status, content_reached, active_seconds
    )
    select a.seconds as credited, t.status, t.content_reached, t.active_seconds from allowed a join touched t on true`)
  if (!row) return null
  const studied = hasStudiedLongEnough(Number(row.active_seconds), studySecondsFor(section.minutes, catalog.studyShare))
  // The time may be the last thing the section was waiting for (the end reached, the activities done).
  const { sectionStatus } = row.status !== 'completed' && row.content_reached && studied
    ? await evaluateSection(db, catalog, enrolmentId, section.id, now, siteUrl)
    : { sectionStatus: row.status }
  return { credited: Number(row.credited), studied, sectionStatus }
}

/**
 * Seconds of active time the server has credited to this enrolment in each of the given sections (every
 * section when none are given), in all or, with `since`, from that moment on the server's clock. For rules
 * such as "at least 5 minutes in the sections of the questions missed since that attempt".
 */
export async function creditedSecondsBySection(db: Db, enrolmentId: string, options: { sectionIds?: string[], since?: Date } = {}): Promise<Record<string, number>> {
  const { sectionIds, since } = options
  if (sectionIds && sectionIds.length === 0) return {}
  const rows = since
    ? await db.select({ sectionId: timeCredits.sectionId, seconds: sql<number>`sum(${timeCredits.seconds})::int` }).from(timeCredits)
        .where(and(eq(timeCredits.enrolmentId, enrolmentId), gte(timeCredits.creditedAt, since), sectionIds ? inArray(timeCredits.sectionId, sectionIds) : undefined))
        .groupBy(timeCredits.sectionId)
    : await db.select({ sectionId: sectionProgress.sectionId, seconds: sectionProgress.activeSeconds }).from(sectionProgress)
        .where(and(eq(sectionProgress.enrolmentId, enrolmentId), sectionIds ? inArray(sectionProgress.sectionId, sectionIds) : undefined))
  const totals: Record<string, number> = Object.fromEntries((sectionIds ?? []).map(id => [id, 0]))
  for (const row of rows) totals[row.sectionId] = Number(row.seconds)
  return totals
}

function requireScenario(catalog: CourseCatalog, activityId: string) {
  const scenario = catalog.scenarios.get(activityId)
  if (!scenario) throw new DomainError('invalid', `There is no scenario "${activityId}".`)
  return scenario
}

function requireSection(catalog: CourseCatalog, sectionId: string) {
  const section = findSection(catalog, sectionId)
  if (!section) throw new DomainError('invalid', `There is no section "${sectionId}".`)
  return section
}

async function touchSection(db: Db, enrolmentId: string, sectionId: string, now: Date, set: Partial<typeof sectionProgress.$inferInsert> = {}) {
  await db.insert(sectionProgress).values({ enrolmentId, sectionId, status: 'in_progress', updatedAt: now, ...set })
    .onConflictDoUpdate({ target: [sectionProgress.enrolmentId, sectionProgress.sectionId], set: { updatedAt: now, ...set } })
}

async function applyOne(db: Db, catalog: CourseCatalog, enrolmentId: string, event: ProgressEvent, now: Date, siteUrl: string): Promise<TypedResult> {
  switch (event.type) {
    case 'position':
      // A position in a known section is saved by savePosition; only one naming an unknown section gets here.
      requireSection(catalog, event.sectionId)
      return { type: 'position', result: null }
    case 'reached-end': {
      requireSection(catalog, event.sectionId)
      await touchSection(db, enrolmentId, event.sectionId, now, { contentReached: true })
      return { type: 'reached-end', result: await evaluateSection(db, catalog, enrolmentId, event.sectionId, now, siteUrl) }
    }
    case 'time':
      // Time in a known section is credited by creditTime; only one naming an unknown section gets here.
      requireSection(catalog, event.sectionId)
      return { type: 'time', result: null }
    case 'answer': {
      const quiz = catalog.quizzes.get(event.activityId)
      const question = quiz?.questions.find(q => q.id === event.questionId)
      if (!quiz || !question) throw new DomainError('invalid', `There is no question "${event.questionId}" in "${event.activityId}".`)
      const answer = parseAnswer(question, event.answer)
      const graded = gradeQuestion(question, answer)
      await recordAttempt(db, enrolmentId, quiz.id, question.id, event.id, answer, graded.score, graded.correct, now)
      const right = await db.selectDistinct({ itemId: activityAttempts.itemId }).from(activityAttempts)
        .where(and(eq(activityAttempts.enrolmentId, enrolmentId), eq(activityAttempts.activityId, quiz.id), eq(activityAttempts.passed, true)))
      if (isQuizDone(quiz.questions.map(q => q.id), right.map(r => r.itemId))) await completeActivity(db, enrolmentId, quiz.id, now)
      const section = sectionOfActivity(catalog, quiz.id)
      if (!section) return { type: 'answer', result: { ...graded, answer } }
      await touchSection(db, enrolmentId, section.id, now)
      return { type: 'answer', result: { ...graded, answer, ...await evaluateSection(db, catalog, enrolmentId, section.id, now, siteUrl) } }
    }
    case 'scenario-choice': {
      const scenario = requireScenario(catalog, event.activityId)
      const { result, run } = await chooseInRun(db, enrolmentId, scenario, { stepId: event.stepId, choiceId: event.choiceId }, now, learnerSeeds(enrolmentId))
      const next = result.next.kind === 'step' ? result.next.step.id : result.next.ending.id
      await recordAttempt(db, enrolmentId, scenario.id, event.stepId, event.id, { choiceId: event.choiceId, next, run }, QUALITY_SCORE[result.quality], result.quality === 'good', now)
      const section = sectionOfActivity(catalog, scenario.id)
      if (section) await touchSection(db, enrolmentId, section.id, now)
      if (result.next.kind !== 'ending') return { type: 'scenario-choice', result: { ...result, run } }
      await completeActivity(db, enrolmentId, scenario.id, now)
      return { type: 'scenario-choice', result: { ...result, run, ...section ? await evaluateSection(db, catalog, enrolmentId, section.id, now, siteUrl) : {} } }
    }
    case 'scenario-restart':
      return { type: 'scenario-restart', result: await restartRun(db, enrolmentId, requireScenario(catalog, event.activityId), now, learnerSeeds(enrolmentId)) }
    case 'reflection': {
      if (!sectionOfReflection(catalog, event.reflectionId)) throw new DomainError('invalid', `There is no reflection "${event.reflectionId}".`)
      await db.insert(reflections).values({ enrolmentId, reflectionId: event.reflectionId, text: event.text, updatedAt: now })
        .onConflictDoUpdate({ target: [reflections.enrolmentId, reflections.reflectionId], set: { text: event.text, updatedAt: now } })
      return { type: 'reflection', result: null }
    }
  }
}

async function recordAttempt(db: Db, enrolmentId: string, activityId: string, itemId: string, clientEventId: string, answers: unknown, score: number, passed: boolean, now: Date) {
  const [{ n }] = await db.select({ n: count() }).from(activityAttempts).where(and(
    eq(activityAttempts.enrolmentId, enrolmentId),
    eq(activityAttempts.activityId, activityId),
    eq(activityAttempts.itemId, itemId),
  )) as [{ n: number }]
  await db.insert(activityAttempts).values({ enrolmentId, activityId, itemId, attemptNumber: Number(n) + 1, answers: answers ?? null, score, passed, clientEventId, createdAt: now })
}

async function completeActivity(db: Db, enrolmentId: string, activityId: string, now: Date) {
  await db.insert(activityCompletions).values({ enrolmentId, activityId, completedAt: now }).onConflictDoNothing()
}

/** Marks a section done once it has been studied (isSectionComplete). Never undone. */
export async function evaluateSection(db: Db, catalog: CourseCatalog, enrolmentId: string, sectionId: string, now: Date, siteUrl: string): Promise<SectionOutcome> {
  const section = requireSection(catalog, sectionId)
  const [row] = await db.select().from(sectionProgress)
    .where(and(eq(sectionProgress.enrolmentId, enrolmentId), eq(sectionProgress.sectionId, sectionId)))
  if (!row || row.status === 'completed') return { sectionStatus: row?.status ?? 'not_started' }
  const ids = section.activities.map(a => a.id)
  const done = ids.length
    ? await db.select({ activityId: activityCompletions.activityId }).from(activityCompletions)
      .where(and(eq(activityCompletions.enrolmentId, enrolmentId), inArray(activityCompletions.activityId, ids)))
    : []
  if (!isSectionComplete({
    requiredActivityIds: ids,
    completedActivityIds: done.map(d => d.activityId),
    contentReached: row.contentReached,
    creditedSeconds: row.activeSeconds,
    requiredSeconds: studySecondsFor(section.minutes, catalog.studyShare),
  })) {
    return { sectionStatus: row.status }
  }
  await db.update(sectionProgress).set({ status: 'completed', completedAt: now, updatedAt: now })
    .where(and(eq(sectionProgress.enrolmentId, enrolmentId), eq(sectionProgress.sectionId, sectionId)))
  await recordCompletionIfDue(db, catalog, enrolmentId, now, siteUrl)
  return { sectionStatus: 'completed' }
}
