/**
 * How fast a training lead's dashboard answers with 5,000 learners. Part of `npm run bench`, and runnable
 * alone: `npx tsx --tsconfig scripts/tsconfig.json scripts/bench/org-dashboard.ts`.
 *
 * Alone, it makes a throwaway database (on DATABASE_URL's server, else 127.0.0.1:5432, else an embedded one), seeds
 * one organisation with 5,000 learners at mixed stages and 500 open invitations straight in SQL (plus
 * 40,000 learners in 20 other organisations, so the indexes have to do their job), starts the built server
 * on it (`npm run build` first), and times the dashboard API over HTTP as the page calls it: median and
 * p95 of 40 requests each, after 5 to warm up. Prints a table; drops the database afterwards.
 */
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { findMigrationsFolder, migrateDatabase, openDatabase } from '../../server/db/client'
import { newSessionToken, sha256Bytes } from '../../server/domain/platform/tokens'
import { readCourseOutline } from '../../server/services/course-progress/course-outline'
import { createThrowawayDatabase, startTestPostgres } from '../../tests/support/database'
import { startBuiltServer } from '../../tests/support/server'
import { type Benchmark, type BenchRow, ms, quantile } from './context'

const LEARNERS = 5000
const INVITED = 500
const OTHER_ORGS = 20
const OTHER_LEARNERS_EACH = 2000
const WARM_UP = 5
const RUNS = 40

/**
 * One organisation's learners in a few statements: of every 20 learners, 4 have not started, 9 are part
 * way (1 to 8 sections done), and 7 have completed, spread over the last year.
 */
async function seedOrganisation(sql: postgres.Sql, label: string, learners: number, invited: number, course: { version: number, sectionIds: string[] }) {
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`Bench ${label} County Council`}) returning id`
  const orgId = org!.id
  await sql`
    with people as (
      insert into users (email, name, password_hash, email_verified_at)
      select ${label} || '.learner.' || g || '@bench.example.org', 'Learner ' || ${label} || ' ' || lpad(g::text, 5, '0'), 'x', now()
      from generate_series(1, ${learners}::int) as g
      returning id, email
    )
    insert into seats (organisation_id, status, assigned_user_id, invited_email)
    select ${orgId}, 'assigned', id, email from people`
  await sql`insert into memberships (organisation_id, user_id, role) select ${orgId}, assigned_user_id, 'learner' from seats where organisation_id = ${orgId}`
  await sql`
    insert into enrolments (user_id, course_version, started_at, last_active_at, completed_at)
    select s.assigned_user_id, ${course.version},
      now() - (n % 365) * interval '1 day' - interval '7 days',
      now() - (n % 365) * interval '1 day',
      case when n % 20 >= 13 then now() - (n % 365) * interval '1 day' end
    from (select assigned_user_id, row_number() over (order by assigned_user_id) as n from seats where organisation_id = ${orgId}) s
    where n % 20 >= 4`
  await sql`
    insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at)
    select e.id, section_id, 'completed', true, e.last_active_at
    from enrolments e
    join seats s on s.assigned_user_id = e.user_id and s.organisation_id = ${orgId}
    cross join lateral unnest(${course.sectionIds}::text[]) with ordinality as sec(section_id, i)
    where e.completed_at is not null or sec.i <= 1 + (abs(hashtext(e.id::text)) % 8)`
  await sql`
    with held as (
      insert into seats (organisation_id, status, invited_email)
      select ${orgId}, 'invited', ${label} || '.invited.' || g || '@bench.example.org' from generate_series(1, ${invited}::int) as g
      returning id, invited_email
    )
    insert into invitations (organisation_id, role, seat_id, email, token_hash, expires_at)
    select ${orgId}, 'learner', id, invited_email, md5(random()::text) || md5(random()::text), now() + interval '14 days' from held`
  await sql`insert into seats (organisation_id, status) select ${orgId}, 'available' from generate_series(1, 250)`
  return orgId
}

/** Seeds the organisations and a signed-in training lead: their organisation and cookie header. */
async function seed(sql: postgres.Sql) {
  const course = readCourseOutline()
  const seedStarted = performance.now()
  const orgId = await seedOrganisation(sql, 'main', LEARNERS, INVITED, course)
  for (let i = 0; i < OTHER_ORGS; i++) await seedOrganisation(sql, `other${i}`, OTHER_LEARNERS_EACH, 50, course)
  // What autovacuum would do after a bulk load (it is off on this machine's PostgreSQL): dead rows gone, statistics fresh.
  await sql`vacuum analyze`
  const [{ seats }] = await sql<{ seats: number }[]>`select count(*)::int as seats from seats` as unknown as [{ seats: number }]
  process.stderr.write(`  seeded ${LEARNERS.toLocaleString('en-GB')} learners and ${INVITED} invitations in the measured organisation (${seats.toLocaleString('en-GB')} seats in all) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`)

  // The training lead, signed in with a session made as the server makes them.
  const [lead] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values ('lead@bench.example.org', 'Bench Lead', 'x', now()) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${orgId}, ${lead!.id}, 'manager')`
  const session = newSessionToken()
  await sql`insert into sessions (id, secret_hash, user_id) values (${session.id}, ${Buffer.from(sha256Bytes(session.secret))}, ${lead!.id})`
  return { orgId, cookie: `__Host-session=${session.token}` }
}

/** Times the dashboard API over HTTP as the page calls it. */
async function measure(baseUrl: string, orgId: string, cookie: string): Promise<BenchRow[]> {
  const headers = { cookie }
  const cases: [string, string][] = [
    ['dashboard header (seats, statuses, chart)', `/api/orgs/${orgId}`],
    ['learners: first page', `/api/orgs/${orgId}/learners`],
    ['learners: search "12"', `/api/orgs/${orgId}/learners?q=12`],
    ['learners: filter in progress', `/api/orgs/${orgId}/learners?status=in_progress`],
    ['learners: sort by progress', `/api/orgs/${orgId}/learners?sort=progress&dir=desc`],
    ['learners: sort by last active, page 50', `/api/orgs/${orgId}/learners?sort=lastActive&dir=desc&page=50`],
    ['learners report (CSV, 5,500 rows)', `/api/orgs/${orgId}/report.csv`],
  ]
  const rows: BenchRow[] = []
  for (const [what, path] of cases) {
    const times: number[] = []
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const started = performance.now()
      const res = await fetch(baseUrl + path, { headers })
      const body = await res.text()
      const took = performance.now() - started
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 200)}`)
      if (i >= WARM_UP) times.push(took)
    }
    rows.push({ measure: `${what}: median / p95`, value: `${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.95))}` })
  }
  return rows
}

/** In `npm run bench`: seeds the bench database the server already runs on. */
export const orgDashboard: Benchmark = {
  name: 'org dashboard (5,000 learners)',
  async run(ctx) {
    const { orgId, cookie } = await seed(ctx.sql)
    return measure(ctx.baseUrl, orgId, cookie)
  },
}

async function main() {
  if (!existsSync('.output/server/index.mjs')) {
    console.error('No built server: run `npm run build` first.')
    process.exit(1)
  }
  const postgresServer = await startTestPostgres()
  const database = await createThrowawayDatabase(postgresServer.url, 'bench')
  let server: Awaited<ReturnType<typeof startBuiltServer>> | undefined
  try {
    const migrating = await openDatabase({ url: database.url })
    await migrateDatabase(migrating, findMigrationsFolder())
    await migrating.close()
    const sql = postgres(database.url, { max: 2, onnotice: () => {} })
    const { orgId, cookie } = await seed(sql)
    await sql.end()
    server = await startBuiltServer({ DATABASE_URL: database.url, NUXT_STRIPE_SECRET_KEY: '', NUXT_STRIPE_WEBHOOK_SECRET: '' }, '127.0.0.1')
    const rows = await measure(server.url, orgId, cookie)
    console.info(`\nDashboard API with ${LEARNERS.toLocaleString('en-GB')} learners, ${RUNS} requests each over HTTP (after ${WARM_UP} to warm up):\n`)
    const width = Math.max(...rows.map(r => r.measure.length))
    for (const r of rows) console.info(`${r.measure.padEnd(width)}  ${r.value}`)
  }
  finally {
    await server?.stop()
    await database.drop()
    await postgresServer.stop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
