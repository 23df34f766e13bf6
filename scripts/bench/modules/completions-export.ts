import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import type postgres from 'postgres'
import { CODE_ALPHABET } from '../../../shared/certificate-code'
import { type Benchmark, type BenchContext, ms } from '../context'

const COMPLETIONS = 100_000
const ORGANISATIONS = 20
const SECTIONS = 8

/**
 * 100,000 learners who have completed, in 20 organisations, in a few set-based statements: each with an
 * enrolment, eight sections of active time, a passed assessment and a certificate, as the report reads them.
 */
export async function seedCompletions(sql: postgres.Sql) {
  await sql`insert into organisations (name) select 'Bench Report Council ' || lpad(g::text, 2, '0') from generate_series(1, ${ORGANISATIONS}::int) g`
  await sql`
    with orgs as (
      select id, row_number() over (order by name) - 1 as n from organisations where name like 'Bench Report Council %'
    ), people as (
      insert into users (email, name, password_hash, email_verified_at)
      select 'report.' || g || '@bench.example.org', 'Learner ' || lpad(g::text, 6, '0') || ' Ó''Brien', 'x', now()
      from generate_series(1, ${COMPLETIONS}::int) g
      returning id, email
    )
    insert into seats (organisation_id, status, assigned_user_id, invited_email)
    select orgs.id, 'assigned', people.id, people.email
    from (select id, email, row_number() over () as g from people) people
    join orgs on orgs.n = people.g % ${ORGANISATIONS}`
  await sql`
    insert into enrolments (user_id, course_version, seat_id, started_at, last_active_at, completed_at)
    select s.assigned_user_id, 1, s.id, now() - (g % 365 + 14) * interval '1 day', now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day'
    from (select id, assigned_user_id, row_number() over () as g from seats where invited_email like 'report.%@bench.example.org') s`
  await sql`
    insert into section_progress (enrolment_id, section_id, status, content_reached, active_seconds, completed_at)
    select e.id, 's' || k, 'completed', true, 300 + (k * 37) % 600, e.completed_at
    from enrolments e cross join generate_series(1, ${SECTIONS}::int) k
    where e.completed_at is not null`
  // As the app keeps them: the enrolment's running total of active time, and the minutes by section at completion.
  await sql`
    update enrolments e set active_seconds = t.seconds, completion_minutes = t.minutes
    from (select enrolment_id, sum(active_seconds)::int as seconds, jsonb_object_agg(section_id, active_seconds / 60) as minutes from section_progress group by enrolment_id) t
    where t.enrolment_id = e.id and e.completed_at is not null`
  await sql`
    insert into assessment_attempts (enrolment_id, attempt_number, question_ids, answers, score_percent, passed, created_at, submitted_at)
    select e.id, 1, '[]', '{}', 70 + (row_number() over ()) % 31, true, e.completed_at, e.completed_at
    from enrolments e where e.completed_at is not null`
  // The passing mark, as the app keeps it on the enrolment at completion (recordCompletionIfDue).
  await sql`update enrolments e set completion_score = a.score_percent from assessment_attempts a where a.enrolment_id = e.id and a.passed`
  await sql`
    insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
    select e.id,
      'CERT-HREP-' || (select string_agg(substr(${CODE_ALPHABET}, ((e.n / (27 ^ k)::bigint) % 27)::int + 1, 1), '' order by k desc) from generate_series(0, 3) k)
        || '-' || substr(${CODE_ALPHABET}, (e.n / 531441)::int % 27 + 1, 1) || 'CDE',
      u.name, 'Children Missing from Care', 90, e.completed_at, e.completed_at
    from (select id, user_id, completed_at, row_number() over () as n from enrolments where completed_at is not null) e
    join users u on u.id = e.user_id`
}

/** The server's resident memory now, in bytes (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) * 1024 : Number.NaN
}

/** CPU time a process has used so far (user + system), in ms; 0 once it has gone. Linux counts in 1/100 s. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  }
  catch {
    return 0
  }
}

/** The PostgreSQL backends serving this database (the server's pool among them): PostgreSQL runs on this machine. */
async function backendPids(sql: postgres.Sql): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
  return rows.map(r => r.pid)
}

/**
 * Downloads one export whole, reading it as it arrives, while sampling the server's RSS every 20 ms.
 * Peak growth is the highest RSS seen during the download less the RSS just before it. CPU time (the
 * server's and the database's) is given too: unlike the wall time, it hardly changes with the machine's load.
 */
async function download(ctx: BenchContext, cookie: string, path: string) {
  const pids = await backendPids(ctx.sql)
  const dbCpu = () => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0)
  const [serverCpuBefore, dbCpuBefore] = [cpuMsOf(ctx.serverPid), dbCpu()]
  const baseline = rssOf(ctx.serverPid)
  let peak = baseline
  const sampler = setInterval(() => { peak = Math.max(peak, rssOf(ctx.serverPid)) }, 20)
  const started = performance.now()
  let bytes = 0
  let lines = 0
  try {
    const res = await fetch(ctx.baseUrl + path, { headers: { cookie } })
    if (!res.ok || !res.body) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    const reader = res.body.getReader()
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.byteLength
      for (const byte of next.value) if (byte === 10) lines++
    }
  }
  finally {
    clearInterval(sampler)
  }
  const seconds = (performance.now() - started) / 1000
  peak = Math.max(peak, rssOf(ctx.serverPid))
  return { seconds, bytes, lines, growth: peak - baseline, baseline, serverCpu: cpuMsOf(ctx.serverPid) - serverCpuBefore, dbCpu: dbCpu() - dbCpuBefore }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`

/**
 * The admin completion report with 100,000 completed learners: the time to download the whole CSV and
 * the whole XLSX over HTTP from the built server, and how much the server's memory grew meanwhile.
 */
export const completionsExport: Benchmark = {
  name: 'completions export',
  async run(ctx) {
    const seedStarted = performance.now()
    await seedCompletions(ctx.sql)
    // What autovacuum does after a bulk load (it is off on this machine's PostgreSQL): the seed updates each
    // enrolment twice, and a live database would not leave those dead row versions for the report to read past;
    // fresh statistics too, so the planner sees the real table sizes.
    await ctx.sql`vacuum analyze`
    const seeded = performance.now() - seedStarted
    const admin = await ctx.learner('report-admin')
    await ctx.sql`update users set is_admin = true where id = ${admin.userId}`
    // The admin's own licence is not part of the figures: 100,000 rows exactly.
    await ctx.sql`delete from seats where assigned_user_id = ${admin.userId}`
    const [org] = await ctx.sql<{ id: string }[]>`select id from organisations where name = 'Bench Report Council 01'`

    // Warm-up: load the code paths and plans with one organisation's report in each format.
    await download(ctx, admin.cookie, `/api/admin/reports/completions.csv?organisationId=${org!.id}`)
    await download(ctx, admin.cookie, `/api/admin/reports/completions.xlsx?organisationId=${org!.id}`)

    // Completed rows only: the modules that ran before leave learners part-way through the course in the same
    // database, and the figure is for the 100,000 completions.
    const csv = await download(ctx, admin.cookie, '/api/admin/reports/completions.csv?status=completed')
    if (csv.lines !== COMPLETIONS + 1) throw new Error(`The CSV has ${csv.lines} lines, not ${COMPLETIONS + 1}`)
    const xlsx = await download(ctx, admin.cookie, '/api/admin/reports/completions.xlsx?status=completed')
    return [
      { measure: `seed ${COMPLETIONS.toLocaleString('en-GB')} completions (SQL)`, value: ms(seeded) },
      { measure: 'CSV, 100,000 completed rows: time to last byte', value: `${csv.seconds.toFixed(2)} s` },
      { measure: 'CSV: size', value: mb(csv.bytes) },
      { measure: 'CSV: server peak RSS growth', value: mb(csv.growth) },
      { measure: 'CSV: CPU time, server (Node) / PostgreSQL', value: `${(csv.serverCpu / 1000).toFixed(2)} s / ${(csv.dbCpu / 1000).toFixed(2)} s` },
      { measure: 'XLSX, 100,000 completed rows: time to last byte', value: `${xlsx.seconds.toFixed(2)} s` },
      { measure: 'XLSX: size', value: mb(xlsx.bytes) },
      { measure: 'XLSX: server peak RSS growth', value: mb(xlsx.growth) },
      { measure: 'XLSX: CPU time, server (Node) / PostgreSQL', value: `${(xlsx.serverCpu / 1000).toFixed(2)} s / ${(xlsx.dbCpu / 1000).toFixed(2)} s` },
      { measure: 'server RSS before the CSV', value: mb(csv.baseline) },
      { measure: 'machine load (1-minute average) at the end', value: loadavg()[0]!.toFixed(1) },
    ]
  },
}
