import { randomUUID } from 'node:crypto'
import { type Benchmark, type BenchContext, ms, quantile } from '../context'
import { load, loadRows } from '../load'
import { APP_POOL_SIZE, postgresAlone } from '../postgres-alone'
import { correctAnswer, quizzes } from '../../../tests/support/course-content'

const SECTION = 's3-words-and-definitions'

/** Sends one batch of events and returns how long the request took, in ms. */
async function save(ctx: BenchContext, cookie: string, events: Record<string, unknown>[]): Promise<number> {
  const started = performance.now()
  const res = await fetch(`${ctx.baseUrl}/api/progress/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'origin': ctx.baseUrl, cookie },
    body: JSON.stringify({ events: events.map(e => ({ id: randomUUID(), at: Date.now(), ...e })) }),
  })
  const body = await res.json() as { results?: { status: string }[] }
  const took = performance.now() - started
  if (!res.ok || body.results?.some(r => r.status !== 'applied')) throw new Error(`save failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`)
  return took
}

const position = (i: number) => ({ type: 'position', sectionId: SECTION, anchor: `part-${i % 8}` })

async function sequential(ctx: BenchContext, cookie: string, count: number, event: (i: number) => Record<string, unknown>) {
  const times: number[] = []
  for (let i = 0; i < count; i++) times.push(await save(ctx, cookie, [event(i)]))
  return times
}

export const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)

/** A new event id and the next anchor in every request, as 200 learners reading would send. */
export function positionBody() {
  let n = 0
  return () => JSON.stringify({ events: [{ id: randomUUID(), at: Date.now(), ...position(n++) }] })
}

/**
 * The time to save one progress event, as the browser's queue sends it: sequential saves by one signed-in
 * learner (positions, graded quiz answers and active time reports), then 200 learners saving positions at once (autocannon, one
 * connection and one session each, a new event id in every request) for 20 s.
 */
export const progressSave: Benchmark = {
  name: 'progress save',
  async run(ctx) {
    const { cookie } = await ctx.learner('progress')
    await sequential(ctx, cookie, 30, position) // warm-up: connections, caches, JIT

    const positions = await sequential(ctx, cookie, 300, position)
    // A question from the content as it is now, so rewriting the quizzes never breaks the bench.
    const sample = quizzes.find(q => q.section === SECTION) ?? quizzes[0]!
    const question = sample.questions[0]!
    const quiz = { type: 'answer', activityId: sample.id, questionId: question.id, answer: correctAnswer(question.id) }
    const answers = await sequential(ctx, cookie, 200, () => quiz)
    // Active time, as the player reports it every 30 seconds of reading: credited on the server's clock.
    const times = await sequential(ctx, cookie, 200, () => ({ type: 'time', sectionId: SECTION, seconds: 30 }))

    const cookies = await ctx.learners('load', LEARNERS)
    const body = positionBody()
    // A short warm-up opens every learner's enrolment, so the measured run is the steady state.
    await load({ baseUrl: ctx.baseUrl, path: '/api/progress/events', method: 'POST', cookies, body, seconds: 3 })
    const run = await load({ baseUrl: ctx.baseUrl, path: '/api/progress/events', method: 'POST', cookies, body, seconds: SECONDS })
    // The same saves with no app in between, for as long, in the same sitting (issue 23, item 2): one statement
    // per save, where the app, under this load, gathers waiting saves into one (server/db/batch.ts).
    const [{ version }] = await ctx.sql<{ version: number }[]>`select course_version as version from enrolments limit 1` as unknown as [{ version: number }]
    const alone = await postgresAlone(ctx.databaseUrl, cookies, version, SECTION, SECONDS)
    const appRate = run.result.requests.total / run.result.duration

    return [
      { measure: 'position event, 300 sequential saves: median', value: ms(quantile(positions, 0.5)) },
      { measure: 'position event, 300 sequential saves: p95', value: ms(quantile(positions, 0.95)) },
      { measure: 'graded quiz answer, 200 sequential saves: median', value: ms(quantile(answers, 0.5)) },
      { measure: 'graded quiz answer, 200 sequential saves: p95', value: ms(quantile(answers, 0.95)) },
      { measure: 'active time report, 200 sequential saves: median', value: ms(quantile(times, 0.5)) },
      { measure: 'active time report, 200 sequential saves: p95', value: ms(quantile(times, 0.95)) },
      ...loadRows(`${LEARNERS} learners saving positions for ${SECONDS} s`, run),
      { measure: `PostgreSQL alone: requests/s`, value: alone.perSecond.toFixed(0) },
      // The database's own queueing at this concurrency: the app's quantiles cannot be better than these.
      { measure: `PostgreSQL alone: p50 (${LEARNERS} callers, pool of ${APP_POOL_SIZE})`, value: ms(quantile(alone.times, 0.5)) },
      { measure: `PostgreSQL alone: p99 (${LEARNERS} callers, pool of ${APP_POOL_SIZE})`, value: ms(quantile(alone.times, 0.99)) },
      { measure: 'app saves as a share of PostgreSQL alone', value: `${(100 * appRate / alone.perSecond).toFixed(0)} %` },
    ]
  },
}
