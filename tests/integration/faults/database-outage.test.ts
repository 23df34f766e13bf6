import { randomUUID } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest'
import { newSessionToken, sha256Bytes } from '../../../server/domain/platform/tokens'
import { POSITION_BATCHES } from '../../../server/services/course-progress/progress'
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres'
import { freePort, startBuiltServer, type RunningServer } from '../../support/server'

/**
 * PostgreSQL restarted while learners are saving. The database is a private cluster (the shared server
 * stays up for everyone else), under a server of this test's own. Learners save as the player's queue
 * does: events with ids made in the browser, kept until the server acknowledges them, sent again after
 * a failure. Behaviour, not timings: "does not hang" means an answer arrives before a generous abort.
 */
const SECTION = 's2-why-children-go-missing'
const LEARNERS = 6
const DOWN_ROUNDS = 6
/** Far above any honest answer; a request still open by then has hung. */
const HUNG = 15_000
/** Where the test is, for the message of a request that hung. */
let phase = 'before the outage'

interface Answer { status: number, retryAfter: string | null, json: { message?: string, results?: { id: string, status: string }[] } | null }

/** One learner's save queue, as stores/progress-queue.ts keeps it: pending until acknowledged. */
class Learner {
  pending: Record<string, unknown>[] = []
  acknowledged = new Set<string>()
  answers: Answer[] = []
  private n = 0
  constructor(readonly baseUrl: string, readonly token: string) {}

  /** A new event, as a learner scrolling, reading and writing makes them. */
  work() {
    this.n++
    const kinds = [
      { type: 'position', sectionId: SECTION, anchor: `paragraph-${this.n}` },
      { type: 'time', sectionId: SECTION, seconds: 5 },
      { type: 'reflection', reflectionId: 'rf-s2-1', text: `Note ${this.n}` },
    ]
    this.pending.push({ id: randomUUID(), at: Date.now() + this.n, ...kinds[this.n % kinds.length]! })
  }

  /** Sends everything pending in one batch; acknowledged events leave the queue, the rest stay. */
  async flush(): Promise<Answer> {
    const batch = this.pending.slice(0, 50)
    const res = await fetch(`${this.baseUrl}/api/progress/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'origin': this.baseUrl, 'cookie': `__Host-session=${this.token}` },
      body: JSON.stringify({ events: batch }),
      signal: AbortSignal.timeout(HUNG),
    }).catch((error: Error) => {
      throw new Error(`A save ${phase} got no answer: ${error.message}`, { cause: error })
    })
    const text = await res.text()
    let json: Answer['json'] = null
    try {
      json = JSON.parse(text)
    }
    catch { /* not JSON */ }
    const answer = { status: res.status, retryAfter: res.headers.get('retry-after'), json }
    this.answers.push(answer)
    if (res.status === 200) {
      for (const r of json!.results!) {
        expect(r.status, JSON.stringify(r)).toMatch(/^(applied|duplicate)$/)
        this.acknowledged.add(r.id)
      }
      this.pending = this.pending.filter(e => !this.acknowledged.has(e.id as string))
    }
    return answer
  }
}

async function health(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(HUNG) }).catch((error: Error) => {
    throw new Error(`Health ${phase} got no answer: ${error.message}`, { cause: error })
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: await res.json() as { status: string, message?: string } }
}

/** Learners with accounts, live sessions and seats, made straight in the private database. */
async function seatedLearners(sql: postgres.Sql, baseUrl: string) {
  const learners: Learner[] = []
  for (let i = 0; i < LEARNERS; i++) {
    const { id, secret, token } = newSessionToken()
    const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at)
      values (${`outage-${i}-${randomUUID().slice(0, 8)}@example.org`}, ${`Outage Learner ${i}`}, 'not-a-real-hash', now()) returning id`
    await sql`insert into sessions (id, secret_hash, user_id) values (${id}, ${Buffer.from(sha256Bytes(secret))}, ${user!.id})`
    await sql`insert into seats (status, assigned_user_id) values ('assigned', ${user!.id})`
    learners.push(new Learner(baseUrl, token))
  }
  return learners
}

describe('PostgreSQL restarted while learners are saving', () => {
  let database: PrivatePostgres
  let server: RunningServer
  let sql: postgres.Sql

  beforeAll(async () => {
    database = await startPrivatePostgres(Number(process.env.PRIVATE_PG_PORT) || await freePort())
    server = await startBuiltServer({ DATABASE_URL: database.url, NUXT_TRUST_PROXY: 'true' }, '127.0.0.1')
    sql = postgres(database.url, { max: 1, onnotice: () => {} })
  }, 120_000)

  afterAll(async () => {
    await sql?.end({ timeout: 1 }).catch(() => {})
    await server?.stop()
    await database?.destroy()
  })

  it('answers 503 fast during the outage, recovers by itself, and loses no acknowledged or queued event', async () => {
    onTestFailed(() => console.error(`The server's last words:\n${server.output().slice(-4000)}`))
    const learners = await seatedLearners(sql, server.url)

    // Saving normally: every batch is acknowledged.
    for (let round = 0; round < 3; round++) {
      learners.forEach(l => l.work())
      const answers = await Promise.all(learners.map(l => l.flush()))
      expect(answers.map(a => a.status)).toEqual(learners.map(() => 200))
    }
    await sql.end()

    phase = 'while PostgreSQL was stopping'
    // The database stops while batches are on their way: each is saved or refused with a 503, none hangs or fails with a 500.
    learners.forEach(l => l.work())
    const [during] = await Promise.all([Promise.all(learners.map(l => l.flush())), database.stop()])
    for (const answer of during) expect([200, 503]).toContain(answer.status)

    phase = 'while PostgreSQL was down'
    // While it is down: every request is a 503 with Retry-After and a message, and health says so too.
    // Several rounds: the driver's reconnect backoff once grew with each failure until requests waited 20 s.
    for (let round = 0; round < DOWN_ROUNDS; round++) {
      learners.forEach(l => l.work())
      const answers = await Promise.all(learners.map(l => l.flush()))
      for (const answer of answers) {
        expect(answer.status).toBe(503)
        expect(Number(answer.retryAfter)).toBeGreaterThan(0)
        expect(answer.json?.message).toMatch(/unavailable/i)
      }
    }
    const down = await health(server.url)
    expect(down.status).toBe(503)
    expect(Number(down.retryAfter)).toBeGreaterThan(0)
    expect(down.json.status).toBe('unavailable')
    // Pages and other routes answer too (a 503, not a hang or a 500).
    const course = await fetch(`${server.url}/api/course`, { headers: { cookie: `__Host-session=${learners[0]!.token}` }, signal: AbortSignal.timeout(HUNG) })
    expect(course.status).toBe(503)
    const page = await fetch(`${server.url}/course`, { headers: { cookie: `__Host-session=${learners[0]!.token}`, accept: 'text/html' }, signal: AbortSignal.timeout(HUNG) })
    expect(page.status).toBe(503)
    expect(await page.text()).toContain('Please try again in a moment.')
    const queuedDuringOutage = learners.reduce((n, l) => n + l.pending.length, 0)
    expect(queuedDuringOutage).toBeGreaterThanOrEqual(LEARNERS * DOWN_ROUNDS)

    // PostgreSQL comes back; the same server process recovers without a restart.
    phase = 'after PostgreSQL came back'
    await database.start()
    await vi.waitFor(async () => {
      expect((await health(server.url)).status, 'the server did not recover after PostgreSQL came back').toBe(200)
    }, { timeout: 60_000, interval: 500 })
    expect(server.process.exitCode).toBeNull()

    // The queues send what they kept, retrying as the player does, until every event is acknowledged.
    for (let round = 0; learners.some(l => l.pending.length); round++) {
      expect(round, 'queued events were still refused after recovery').toBeLessThan(10)
      await Promise.all(learners.filter(l => l.pending.length).map(l => l.flush()))
    }
    for (const answer of learners.flatMap(l => l.answers)) expect(answer.status, JSON.stringify(answer.json)).not.toBe(500)

    // Every event acknowledged before the outage or queued during it is stored, exactly once.
    sql = postgres(database.url, { max: 1, onnotice: () => {} })
    const ids = learners.flatMap(l => [...l.acknowledged])
    const stored = await sql<{ id: string, n: number }[]>`select id::text, count(*)::int as n from progress_events where id = any(${ids}::uuid[]) group by id`
    expect(stored.length).toBe(ids.length)
    expect(stored.every(r => r.n === 1)).toBe(true)
    expect(ids.length).toBe(LEARNERS * (3 + 1 + DOWN_ROUNDS))
    // And the work they record is there: the latest position of each learner.
    const positions = await sql<{ n: number }[]>`select count(*)::int as n from enrolments where last_position is not null`
    expect(positions[0]!.n).toBe(LEARNERS)
  }, 300_000)

  it('answers 503 to every save waiting to go in a batch when PostgreSQL goes away, and saves them once it is back', async () => {
    onTestFailed(() => console.error(`The server's last words:\n${server.output().slice(-4000)}`))
    phase = 'before the batch'
    await sql.end({ timeout: 1 }).catch(() => {})
    const setup = postgres(database.url, { max: 1, onnotice: () => {} })
    const learners = [...await seatedLearners(setup, server.url), ...await seatedLearners(setup, server.url), ...await seatedLearners(setup, server.url)]
    await setup.end()
    const sent: { id: string, status: number }[] = []
    const save = async (learner: Learner, anchor: string) => {
      const id = randomUUID()
      const res = await fetch(`${server.url}/api/progress/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'origin': server.url, 'cookie': `__Host-session=${learner.token}` },
        body: JSON.stringify({ events: [{ id, at: Date.now(), type: 'position', sectionId: SECTION, anchor }] }),
        signal: AbortSignal.timeout(HUNG),
      }).catch((error: Error) => {
        throw new Error(`A save ${phase} got no answer: ${error.message}`, { cause: error })
      })
      sent.push({ id, status: res.status })
      return res.status
    }
    // Sent again until acknowledged, as the player's queue does: a pooled connection from before a restart
    // can still fail once after it.
    const saveUntilAcknowledged = async (anchor: string) => {
      for (let round = 0, pending = learners; pending.length; round++) {
        expect(round, 'saves were still refused long after the restart').toBeLessThan(10)
        const statuses = await Promise.all(pending.map(l => save(l, anchor)))
        pending = pending.filter((_, i) => statuses[i] !== 200)
      }
    }
    // Each learner's first save makes their enrolment; later lone positions take the batched path.
    await saveUntilAcknowledged('top')

    // A connection of the test's own holds the events table: the first saves wait in PostgreSQL, the rest
    // queue in the server for the next batch. Then PostgreSQL stops under all of them.
    const holder = postgres(database.url, { max: 1, onnotice: () => {} })
    let locked!: () => void
    let release!: () => void
    const isLocked = new Promise<void>(resolve => locked = resolve)
    const held = holder.begin(async (tx) => {
      await tx`lock table progress_events in access exclusive mode`
      locked()
      await new Promise<void>(resolve => release = resolve)
    }).catch(() => 'ended with the database')
    await isLocked
    phase = 'while its batch waited and PostgreSQL stopped'
    const answers = Promise.all(learners.map(l => save(l, 'waiting')))
    const watcher = postgres(database.url, { max: 1, onnotice: () => {} })
    await vi.waitFor(async () => {
      const [row] = await watcher<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`
      expect(row!.n).toBeGreaterThan(0)
    }, { timeout: 10_000, interval: 20 })
    await watcher.end()
    await new Promise(resolve => setTimeout(resolve, 300))
    await database.stop()
    // Every save queued in the server gets a 503. The few already running in PostgreSQL (POSITION_BATCHES at
    // most) may have been saved as it went down: those answer 200 and are stored (checked below).
    const during = await answers
    expect(during.filter(status => status !== 503 && status !== 200)).toEqual([])
    expect(during.filter(status => status === 503).length).toBeGreaterThanOrEqual(learners.length - POSITION_BATCHES)
    release()
    await held
    await holder.end({ timeout: 1 }).catch(() => {})

    phase = 'after PostgreSQL came back'
    await database.start()
    await vi.waitFor(async () => {
      expect((await health(server.url)).status).toBe(200)
    }, { timeout: 60_000, interval: 500 })
    await saveUntilAcknowledged('back')
    sql = postgres(database.url, { max: 1, onnotice: () => {} })
    const back = await sql<{ n: number }[]>`select count(*)::int as n from enrolments where last_position->>'anchor' = 'back'`
    expect(back[0]!.n).toBe(learners.length)
    const acknowledged = sent.filter(s => s.status === 200).map(s => s.id)
    const stored = await sql<{ n: number }[]>`select count(*)::int as n from progress_events where id = any(${acknowledged}::uuid[])`
    expect(stored[0]!.n).toBe(acknowledged.length)
  }, 300_000)
})
