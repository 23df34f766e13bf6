import { sql, type SQL } from 'drizzle-orm'
import { ukDay } from '#shared/dates'
import type { OrgLearner } from '#shared/orgs'
import { LEARNER_STATUSES, type LearnerSort, type LearnersQuery, type LearnerStatus } from '#shared/types/orgs'
import type { Db } from '../../db/client'
import { queryRows, withoutJit } from '../../db/client'
import { EXPIRING_SOON_DAYS } from '../../domain/organisations/compliance'
import { likePattern } from '../../domain/platform/search'
import { standingCompletionSql } from '../certificates/certificate-expiry'
import { seatCountsOf } from './organisations'

/** What the dashboard needs to know about the course: its version and its sections. */
export interface CourseShape {
  version: number
  sectionIds: readonly string[]
}

/**
 * A learner's progress as a percentage, from their enrolment: each section and the final assessment count
 * as one step (progressPercent in server/domain/organisations/seats.ts is the same rule), so only completion shows 100.
 */
function progressSql(enrolmentId: SQL, completedAt: SQL, course: CourseShape): SQL {
  const sections = course.sectionIds.length ? sql.join(course.sectionIds.map(id => sql`${id}`), sql`, `) : sql`null`
  return sql`case
    when ${completedAt} is not null then 100
    when ${enrolmentId} is null then 0
    else least(99, floor(100.0 * (
      select count(*) from section_progress sp
      where sp.enrolment_id = ${enrolmentId} and sp.status = 'completed' and sp.section_id in (${sections})
    ) / ${course.sectionIds.length + 1}::int))::int
  end`
}

/** The filters every view of the learners shares: the dashboard, its charts, the report. */
export interface LearnerScope {
  /** A team's id, or 'none' for learners in no team; undefined: everyone. */
  team?: string
  now?: Date
}

function teamFilter(team: string | undefined, column: SQL): SQL {
  if (!team) return sql``
  return team === 'none' ? sql`and ${column} is null` : sql`and ${column} = ${team}::uuid`
}

/**
 * Every person on an organisation's dashboard, one row each, as SQL so that search, filters, sorting and
 * paging all happen in PostgreSQL: the learners holding its seats (with their progress in the current
 * version of the course) and the people invited who have not accepted yet. Working out progress costs a
 * lookup per learner, so without `withProgress` it is left null for the caller to add to one page only.
 * The status is statusOf's rule (server/domain/organisations/compliance.ts) on today's date in the UK: overdue past the
 * due day, and for completions "expiring soon" and "expired" by the day their certificate was issued with.
 */
function learnerRows(organisationId: string, course: CourseShape, withProgress: boolean, scope: LearnerScope = {}): SQL {
  const today = sql`((${(scope.now ?? new Date()).toISOString()}::timestamptz) at time zone 'Europe/London')::date`
  return sql`(
    select b.*, t.name as team_name,
      case
        when b.base_status = 'completed' then case
          when b.expires_on is null then 'completed'
          when ${today} > b.expires_on then 'expired'
          when b.expires_on - ${today} <= ${EXPIRING_SOON_DAYS}::int then 'expiring_soon'
          else 'completed' end
        when b.due_on is not null and ${today} > b.due_on then 'overdue'
        else b.base_status
      end as status
    from (
      select
        'learner'::text as kind,
        s.id as seat_id,
        null::uuid as invitation_id,
        s.id as row_id,
        u.name as name,
        coalesce(u.email, s.invited_email) as email,
        case when e.completed_at is not null then 'completed' when e.id is not null then 'in_progress' else 'not_started' end as base_status,
        e.id as enrolment_id,
        ${withProgress ? progressSql(sql`e.id`, sql`e.completed_at`, course) : sql`null::int`} as progress,
        e.started_at, e.completed_at, e.last_active_at,
        e.completion_score, e.completion_minutes,
        s.last_reminded_at,
        (e.id is not null or any_e.id is not null) as started_any,
        null::timestamptz as sent_at,
        null::timestamptz as expires_at,
        true as seat_held,
        s.team_id, s.due_on,
        lc.valid_until as expires_on,
        s.reminders_stopped_at,
        lc.certificate_code,
        coalesce(lc.refreshing, false) as refreshing
      from seats s
      left join users u on u.id = s.assigned_user_id
      -- The learner's standing completion, of any version of the course, with its certificate's expiry as issued
      -- and whether a refresher renewing it is under way (certificate-expiry.ts: the one rule for expiry).
      left join lateral ${standingCompletionSql(sql`s.assigned_user_id`)} lc on true
      -- With no completion, the learner's enrolment in the current version (looked up only then).
      left join lateral (
        select cur.id, cur.completed_at, cur.started_at, cur.last_active_at, cur.completion_score, cur.completion_minutes
        from enrolments cur
        where lc.enrolment_id is null and cur.user_id = s.assigned_user_id and cur.course_version = ${course.version}
        order by cur.cycle desc limit 1
      ) cur on true
      -- What the row shows: that completion (a refresher under way leaves it in place), otherwise the enrolment in
      -- the current version. At most one of lc and cur has a row, so each coalesce takes that row's value.
      cross join lateral (
        select coalesce(lc.enrolment_id, cur.id) as id, coalesce(lc.completed_at, cur.completed_at) as completed_at,
          coalesce(lc.started_at, cur.started_at) as started_at, coalesce(lc.last_active_at, cur.last_active_at) as last_active_at,
          coalesce(lc.completion_score, cur.completion_score) as completion_score,
          coalesce(lc.completion_minutes, cur.completion_minutes) as completion_minutes
      ) e
      -- Started an earlier version of the course: the seat is still theirs.
      left join lateral (select any_e.id from enrolments any_e where any_e.user_id = s.assigned_user_id and e.id is null limit 1) any_e on true
      -- One row per person: a refresher's licence (purpose 'refresher') is the same person's second seat.
      where s.organisation_id = ${organisationId} and s.status = 'assigned' and s.purpose = 'first' ${teamFilter(scope.team, sql`s.team_id`)}
      union all
      select
        'invitation', i.seat_id, i.id, i.id, i.name, i.email, 'invited', null, 0,
        null, null, null, null::int, null::jsonb, null, false,
        i.sent_at, i.expires_at,
        coalesce(hs.status = 'invited' and hs.invited_email = i.email, false),
        hs.team_id, hs.due_on, null::date, hs.reminders_stopped_at, null::text, false
      from invitations i
      -- A lookup by key for each of the few open invitations (as a plain join the planner hashed every seat of every organisation).
      left join lateral (select hs.status, hs.invited_email, hs.team_id, hs.due_on, hs.reminders_stopped_at from seats hs where hs.id = i.seat_id limit 1) hs on true
      where i.organisation_id = ${organisationId} and i.role = 'learner' and i.accepted_at is null and i.revoked_at is null
        ${teamFilter(scope.team, sql`hs.team_id`)}
    ) as b
    left join teams t on t.id = b.team_id
  ) as r`
}

const STATUS_RANK = sql`case r.status when 'overdue' then 0 when 'expired' then 1 when 'invited' then 2 when 'not_started' then 3 when 'in_progress' then 4 when 'expiring_soon' then 5 else 6 end`

/** The sort allow-list: each column the page may ask for, and the SQL it means. Nothing else reaches ORDER BY. */
const SORT_SQL: Record<LearnerSort, SQL> = {
  name: sql`lower(coalesce(r.name, r.email))`,
  email: sql`r.email`,
  status: STATUS_RANK,
  progress: sql`r.progress`,
  lastActive: sql`r.last_active_at`,
  due: sql`r.due_on`,
  team: sql`lower(r.team_name)`,
}

function filters(query: Pick<LearnersQuery, 'q' | 'status'>): SQL {
  const parts: SQL[] = []
  if (query.q) {
    const pattern = likePattern(query.q)
    parts.push(sql`(r.name ilike ${pattern} or r.email ilike ${pattern})`)
  }
  if (query.status) parts.push(sql`r.status = ${query.status}`)
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``
}

interface RawLearnerRow {
  kind: 'learner' | 'invitation'
  seat_id: string | null
  invitation_id: string | null
  row_id: string
  name: string | null
  email: string
  status: LearnerStatus
  progress: number | null
  /** The progress worked out for a page's rows (see listLearners). */
  page_progress?: number
  started_at: Date | string | null
  completed_at: Date | string | null
  last_active_at: Date | string | null
  completion_score: number | null
  completion_minutes: Record<string, number> | null
  last_reminded_at: Date | string | null
  started_any: boolean
  sent_at: Date | string | null
  expires_at: Date | string | null
  seat_held: boolean
  team_id: string | null
  team_name: string | null
  due_on: string | null
  expires_on: string | null
  reminders_stopped_at: Date | string | null
  certificate_code?: string | null
  refreshing: boolean
  total?: number
}

const iso = (value: Date | string | null) => value === null ? null : new Date(value).toISOString()
/** A calendar day as YYYY-MM-DD (postgres.js may hand a date column back as text or as a Date at UTC midnight). */
const dayText = (value: Date | string | null) => value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)

function toLearner(row: RawLearnerRow, now: Date): OrgLearner {
  return {
    kind: row.kind,
    seatId: row.seat_id,
    invitationId: row.invitation_id,
    name: row.name,
    email: row.email,
    status: row.status,
    progress: Number(row.page_progress ?? row.progress ?? 0),
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    lastActiveAt: iso(row.last_active_at),
    score: row.completion_score,
    sectionMinutes: row.completion_minutes,
    lastRemindedAt: iso(row.last_reminded_at),
    team: row.team_id ? { id: row.team_id, name: row.team_name! } : null,
    dueAt: dayText(row.due_on),
    expiresAt: dayText(row.expires_on),
    certificateCode: row.certificate_code ?? null,
    refreshing: Boolean(row.refreshing),
    remindersStoppedAt: iso(row.reminders_stopped_at),
    canRelease: row.kind === 'learner' && !row.started_any,
    invitation: row.kind === 'invitation'
      ? { sentAt: iso(row.sent_at)!, expiresAt: iso(row.expires_at)!, expired: new Date(row.expires_at!).getTime() <= now.getTime(), seatHeld: row.seat_held }
      : null,
  }
}

export type LearnerRow = OrgLearner

/**
 * One page of the learners table, with the total that matches the search and filter. Progress is worked
 * out for the page's rows only, unless the table is sorted by it.
 */
export async function listLearners(db: Db, organisationId: string, course: CourseShape, query: LearnersQuery, now = new Date()) {
  const order = sql`${SORT_SQL[query.sort]} ${query.dir === 'desc' ? sql`desc` : sql`asc`} nulls last, r.email asc, r.row_id asc`
  const rows = await withoutJit(db, tx => queryRows<RawLearnerRow>(tx, sql`
    select r.*, coalesce(r.progress, ${progressSql(sql`r.enrolment_id`, sql`r.completed_at`, course)}) as page_progress
    from (
      select r.*, count(*) over ()::int as total
      from ${learnerRows(organisationId, course, query.sort === 'progress', { team: query.team, now })}
      ${filters(query)}
      order by ${order}
      limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}
    ) as r
    order by ${order}`))
  let total = rows[0]?.total ?? 0
  if (!rows.length && query.page > 1) {
    // Past the last page (the list shrank): say how many there are so the page can step back.
    const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from ${learnerRows(organisationId, course, false, { team: query.team, now })} ${filters(query)}`)
    total = count?.total ?? 0
  }
  return {
    learners: rows.map(r => toLearner(r, now)),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
    pages: Math.max(1, Math.ceil(Number(total) / query.pageSize)),
  }
}

/** How many people are at each stage, for the status chart and the organisations list. */
export async function statusCounts(db: Db, organisationId: string, course: CourseShape, scope: LearnerScope = {}): Promise<Record<LearnerStatus, number>> {
  // Without JIT, as the learners table: the lookups per learner put the estimate over jit_above_cost, and
  // compiling cost 25-110 ms, more than the query itself (about 45 ms for 5,500 rows).
  const rows = await withoutJit(db, tx => queryRows<{ status: LearnerStatus, n: number }>(tx, sql`
    select r.status, count(*)::int as n from ${learnerRows(organisationId, course, false, scope)} group by r.status`))
  const counts = Object.fromEntries(LEARNER_STATUSES.map(s => [s, 0])) as Record<LearnerStatus, number>
  for (const row of rows) counts[row.status] = Number(row.n)
  return counts
}

/** The twelve calendar months (UK time) up to and including this one, oldest first, as YYYY-MM. */
export function recentMonths(now: Date, count = 12): string[] {
  const [year, month] = ukDay(now).split('-').map(Number) as [number, number]
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1))
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  })
}

/** Completions by calendar month over the last year, for the chart: every month present, empty ones as 0. */
export async function completionsByMonth(db: Db, organisationId: string, course: CourseShape, now = new Date(), team?: string) {
  const months = recentMonths(now)
  const rows = await queryRows<{ month: string, n: number }>(db, sql`
    select to_char(date_trunc('month', e.completed_at at time zone 'Europe/London'), 'YYYY-MM') as month, count(*)::int as n
    from seats s
    join enrolments e on e.user_id = s.assigned_user_id and e.course_version = ${course.version}
    where s.organisation_id = ${organisationId} and s.status = 'assigned' and s.purpose = 'first' ${teamFilter(team, sql`s.team_id`)}
      and e.completed_at >= (${`${months[0]}-01`}::date::timestamp at time zone 'Europe/London')
    group by 1`)
  const byMonth = new Map(rows.map(r => [r.month, Number(r.n)]))
  return months.map(month => ({ month, completions: byMonth.get(month) ?? 0 }))
}

/** The dashboard's header figures: seats, where everyone is, and completions over time. */
export async function dashboardSummary(db: Db, organisationId: string, course: CourseShape, now = new Date(), team?: string) {
  const [seats, statuses, completions] = await Promise.all([
    seatCountsOf(db, organisationId),
    statusCounts(db, organisationId, course, { team, now }),
    completionsByMonth(db, organisationId, course, now, team),
  ])
  return { seats, statuses, completionsByMonth: completions }
}

const REPORT_BATCH = 2000

/**
 * Every row of the learners table, in batches, for the CSV report: ordered by name and read with a
 * keyset (the last name and row id seen), so a large organisation streams without holding it all.
 */
export async function* learnerReportBatches(db: Db, organisationId: string, course: CourseShape, now = new Date(), team?: string) {
  let after: { key: string, rowId: string } | null = null
  for (;;) {
    const rows: (RawLearnerRow & { sort_key: string })[] = await withoutJit(db, tx => queryRows(tx, sql`
      select r.*, lower(coalesce(r.name, r.email)) as sort_key
      from ${learnerRows(organisationId, course, true, { team, now })}
      ${after ? sql`where (lower(coalesce(r.name, r.email)), r.row_id) > (${after.key}, ${after.rowId}::uuid)` : sql``}
      order by lower(coalesce(r.name, r.email)), r.row_id
      limit ${REPORT_BATCH}`))
    if (!rows.length) return
    yield rows.map(r => toLearner(r, now))
    const last = rows[rows.length - 1]!
    after = { key: last.sort_key, rowId: last.row_id }
    if (rows.length < REPORT_BATCH) return
  }
}

/** The next twelve calendar months (UK time), this one first, as YYYY-MM. */
function nextMonths(now: Date): string[] {
  const months = recentMonths(now, 1)
  const [year, month] = months[0]!.split('-').map(Number) as [number, number]
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 + i, 1))
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  })
}

/**
 * How many licences refreshers will need in each of the next twelve months: the learners whose certificate
 * stops being current that month (a refresher is a new completion, so it takes a licence). A learner who has
 * refreshed counts at their new certificate's expiry; one whose refresher is under way has taken its licence
 * already and is not counted. Empty when the organisation's certificates do not expire.
 */
export async function refresherForecast(db: Db, organisationId: string, course: CourseShape, now = new Date()) {
  const months = nextMonths(now)
  const rows = await withoutJit(db, tx => queryRows<{ month: string, n: number }>(tx, sql`
    select to_char(r.expires_on, 'YYYY-MM') as month, count(*)::int as n
    from ${learnerRows(organisationId, course, false, { now })}
    where r.expires_on is not null and not r.refreshing
    group by 1`))
  const byMonth = new Map(rows.map(r => [r.month, Number(r.n)]))
  return months.map(month => ({ month, refreshers: byMonth.get(month) ?? 0 }))
}
