import { Readable } from 'node:stream'
import { sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { INDIVIDUAL_LEARNERS, type CompletionReportQuery } from '../../../shared/types/reports'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { COMPLETION_COLUMNS, COMPLETION_HEADER, completionCells, completionXlsxCells, type CompletionRecord } from '../../domain/reports-admin/completion-report'
import { CSV_BOM, csvRow } from '../../domain/platform/csv'
import { writeAudit } from '../platform/audit'
import { xlsxStream } from '../platform/xlsx-stream'

/** Rows read from PostgreSQL at a time: big enough to be quick, small enough that memory stays flat. */
const BATCH = 1000

/** A calendar day in UK time as YYYY-MM-DD text (a date's text form; the export sets the ISO date style). */
const UK_DAY = (column: SQL) => sql`((${column} at time zone 'Europe/London')::date)::text`

/**
 * Every licence held by a learner that the filters select, one row each, as SQL. A learner's progress is
 * their enrolment in the course, preferring a completed one and then the newest version of the course (a
 * completion of an earlier version still counts: its certificate stays valid). Status follows the
 * organisation dashboard's rule (server/services/organisations/org-dashboard.ts): completed once the enrolment is,
 * in progress once there is one, not started before.
 *
 * The date range is on each row's own date: the completion date for completed rows, the date the learner
 * started for rows in progress, and the date the licence was issued for rows not started. Dates are
 * calendar days in UK time, both ends included.
 */
function selectedRows(query: CompletionReportQuery): SQL {
  const seatFilter = query.organisationId === INDIVIDUAL_LEARNERS
    ? sql`and s.organisation_id is null`
    : query.organisationId ? sql`and s.organisation_id = ${query.organisationId}` : sql``
  const filters: SQL[] = []
  // On the columns the status is worked out from, not on the worked-out status: the planner can estimate
  // these (a filter on the CASE it guesses at 0.5 % of rows, and then picks a lookup per row for 100,000 rows).
  if (query.status === 'completed') filters.push(sql`r.completed_at is not null`)
  if (query.status === 'in_progress') filters.push(sql`r.enrolment_id is not null and r.completed_at is null`)
  if (query.status === 'not_started') filters.push(sql`r.enrolment_id is null`)
  if (query.from) filters.push(sql`r.report_at >= (${query.from}::date::timestamp at time zone 'Europe/London')`)
  if (query.to) filters.push(sql`r.report_at < ((${query.to}::date + 1)::timestamp at time zone 'Europe/London')`)
  return sql`(
    select r.* from (
      select
        s.id as seat_id,
        s.organisation_id,
        u.name as learner_name,
        coalesce(u.email, s.invited_email) as email,
        o.name as organisation,
        case when e.completed_at is not null then 'completed' when e.id is not null then 'in_progress' else 'not_started' end as status,
        e.id as enrolment_id,
        e.started_at,
        e.completed_at,
        e.completion_score,
        e.completion_minutes,
        e.active_seconds,
        coalesce(e.completed_at, e.started_at, s.created_at) as report_at
      from seats s
      left join organisations o on o.id = s.organisation_id
      left join users u on u.id = s.assigned_user_id
      -- Minutes by section as JSON text, about half jsonb's size in the joins and the sort.
      left join (
        select distinct on (e.user_id) e.user_id, e.id, e.started_at, e.completed_at, e.completion_score, e.completion_minutes::text as completion_minutes, e.active_seconds from enrolments e
        order by e.user_id, (e.completed_at is not null) desc, e.course_version desc, e.cycle desc
      ) e on e.user_id = s.assigned_user_id
      where s.status = 'assigned' and s.purpose = 'first' ${seatFilter}
    ) as r
    ${filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
  ) as r`
}

/**
 * The report's rows with their columns (CompletionRecord, but minutes by section as JSON text: see
 * completionBatches), ordered by organisation (own licences last) and name.
 */
export function reportQuery(query: CompletionReportQuery): SQL {
  return sql`
    select
      r.learner_name as "learnerName",
      r.email,
      r.organisation,
      r.status,
      ${UK_DAY(sql`r.started_at`)} as started,
      ${UK_DAY(sql`r.completed_at`)} as completed,
      -- The mark and the minutes by section were kept at completion, so only a learner without them (still
      -- studying) has their attempts and sections read: a subquery in coalesce runs only when the value
      -- before it is null (a lateral join would be set up again for every row).
      coalesce(r.completion_score, (
        select aa.score_percent from assessment_attempts aa
        where aa.enrolment_id = r.enrolment_id and aa.submitted_at is not null
        order by aa.passed desc, aa.attempt_number desc
        limit 1
      )) as "scorePercent",
      ce.code as "certificateCode",
      ce.revoked_at is not null as "certificateRevoked",
      -- Active time is the enrolment's running total (issue 23, item 3: summing every section was most of the time).
      r.active_seconds as "activeSeconds",
      coalesce(r.completion_minutes, (
        select jsonb_object_agg(sp.section_id, sp.active_seconds / 60)::text from section_progress sp where sp.enrolment_id = r.enrolment_id
      )) as "sectionMinutes"
    from ${selectedRows(query)}
    left join certificates ce on ce.enrolment_id = r.enrolment_id and ce.superseded_at is null
    left join (select o.id, rank() over (order by o.name collate "C") as place from organisations o) org_order on org_order.id = r.organisation_id
    -- By organisation (its place among the organisations' names, own licences last), then name (rows without
    -- one last), email and seat. Organisation and name are one text key, the place in fixed width before the
    -- name, which orders the same: a sort keeps its first key beside each row but digs later ones out of the
    -- wide row at every comparison, and most of 100,000 rows' comparisons would tie on the organisation.
    order by (
      coalesce(lpad(org_order.place::text, 10, '0'), 'z') || coalesce('1' || lower(coalesce(r.learner_name, r.email)), '2')
    ) collate "C", r.email collate "C", r.seat_id`
}

/** How many rows the report would have, for the page's preview. */
export async function countCompletionRows(db: Db, query: CompletionReportQuery): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${selectedRows(query)}`)
  return Number(row?.n ?? 0)
}

interface PostgresJsQueries {
  unsafe: (text: string, params?: unknown[]) => Promise<unknown> & { cursor: (rows: number) => AsyncIterable<unknown[]> }
}
interface PostgresJsClient extends PostgresJsQueries {
  reserve: () => Promise<PostgresJsQueries & { release: () => void }>
}

function postgresJsClient(db: Db): PostgresJsClient | null {
  const client = (db as unknown as { $client?: unknown }).$client
  return typeof client === 'function' && 'reserve' in client ? client as unknown as PostgresJsClient : null
}

/**
 * The whole report is one query that joins every table once (hash joins), which for tens of thousands of
 * rows is far cheaper than a lookup per row. JIT compilation is off for it: compiling this plan takes
 * longer than running it. A larger sort memory keeps the final sort off the disk, and one core (no
 * parallel workers) leaves the database's others to learners saving progress meanwhile. Dates are written in
 * the ISO style (YYYY-MM-DD) whatever the server's default.
 */
const EXPORT_SETTINGS = `set jit = off; set work_mem = '64MB'; set max_parallel_workers_per_gather = 0; set datestyle = 'ISO'`
const RESET_SETTINGS = 'reset jit; reset work_mem; reset max_parallel_workers_per_gather; reset datestyle'

/** A row as the query gives it: minutes by section still JSON text. */
type ReportRow = Omit<CompletionRecord, 'sectionMinutes'> & { sectionMinutes: string | Record<string, number> | null }

/** The rows as CompletionRecords, in place (a batch is a thousand rows: no copies). */
function asRecords(rows: ReportRow[]): CompletionRecord[] {
  for (const row of rows) if (typeof row.sectionMinutes === 'string') row.sectionMinutes = JSON.parse(row.sectionMinutes) as Record<string, number>
  return rows as CompletionRecord[]
}

/**
 * The report's rows, a batch at a time. On PostgreSQL one query is read through a cursor on a connection
 * of its own, so the report is sorted once and only a batch (and the next one, on its way) is ever held;
 * stopping early (a cancelled download) closes the cursor. The embedded development database (PGlite)
 * has no cursors: there the rows are read in one go.
 */
export async function* completionBatches(db: Db, query: CompletionReportQuery): AsyncGenerator<CompletionRecord[]> {
  const client = postgresJsClient(db)
  if (client) {
    const { sql: text, params } = new PgDialect().sqlToQuery(reportQuery(query))
    const connection = await client.reserve()
    let cursor: AsyncIterator<unknown[]> | undefined
    let pending: Promise<IteratorResult<unknown[]>> | undefined
    try {
      await connection.unsafe(EXPORT_SETTINGS)
      cursor = connection.unsafe(text, params).cursor(BATCH)[Symbol.asyncIterator]()
      // The next batch is asked for as soon as one arrives, so PostgreSQL reads it while this one is written
      // out (two cores at work, not one after the other). While it waits unawaited (this generator paused at
      // `yield` for a slow download), its failure is marked handled: it is thrown where it is awaited, not
      // reported as an unhandled rejection first.
      const readAhead = () => {
        const next = cursor!.next()
        next.catch(() => {})
        return next
      }
      pending = readAhead()
      for (let next = await pending; !next.done; next = await pending) {
        pending = readAhead()
        yield asRecords(next.value as ReportRow[])
      }
      pending = undefined
    }
    finally {
      // Stopped early: let the batch on its way arrive, then close the cursor (closing before it arrives
      // would leave the connection waiting for a reply that never comes).
      if (pending) await pending.then(() => cursor?.return?.(), () => {})
      await connection.unsafe(RESET_SETTINGS).catch(() => {})
      connection.release()
    }
    return
  }
  const rows = await queryRows<ReportRow>(db, reportQuery(query))
  for (let i = 0; i < rows.length; i += BATCH) yield asRecords(rows.slice(i, i + BATCH))
}

/**
 * The report as CSV (RFC 4180, UTF-8 with a BOM), as a Node stream: h3 pipes it to the response, so a
 * batch is read only when the client has taken the previous one (backpressure), whatever the row count.
 */
export function completionCsv(db: Db, query: CompletionReportQuery): Readable {
  return Readable.from((async function* () {
    yield Buffer.from(CSV_BOM + csvRow(COMPLETION_HEADER))
    for await (const batch of completionBatches(db, query)) {
      let text = ''
      for (const row of batch) text += csvRow(completionCells(row))
      yield Buffer.from(text)
    }
  })(), { objectMode: false })
}

/** The report as an Excel workbook, streamed the same way. */
export function completionXlsx(db: Db, query: CompletionReportQuery): Readable {
  return xlsxStream('Completions', COMPLETION_COLUMNS, (async function* () {
    for await (const batch of completionBatches(db, query)) yield batch.map(completionXlsxCells)
  })())
}

/** Every organisation, by name, with how many licences its learners hold: the report page's choice. */
export async function reportOrganisations(db: Db) {
  return queryRows<{ id: string, name: string, learners: number }>(db, sql`
    select o.id, o.name, count(s.id)::int as learners
    from organisations o
    left join seats s on s.organisation_id = o.id and s.status = 'assigned' and s.purpose = 'first'
    group by o.id
    order by lower(o.name), o.id`)
}

/** Who exported which report, with which filters: one audit entry per download. */
export async function recordReportExport(db: Db, actorId: string, query: CompletionReportQuery, format: 'csv' | 'xlsx') {
  const organisation = query.organisationId && query.organisationId !== INDIVIDUAL_LEARNERS ? query.organisationId : undefined
  await writeAudit(db, {
    actorId,
    action: 'report.exported',
    targetType: organisation ? 'organisation' : undefined,
    targetId: organisation,
    details: { report: 'completions', format, filters: query },
  })
}
