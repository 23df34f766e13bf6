import { randomUUID } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { newSessionToken, sha256Bytes } from '../../../server/domain/platform/tokens'
import { correctAnswer, firstChoicePath, wrongAnswer } from '../../support/course-content'
import { advanceServerClock, Client, grantSeatTo, sendEvents, signedInClient, studyFor, testSql } from '../helpers/client'

const SECTION = 's2-why-children-go-missing'

async function seatedLearner(label: string) {
  const learner = await signedInClient(label)
  await grantSeatTo(learner.userId)
  return learner
}

async function enrolmentOf(userId: string) {
  const [row] = await testSql()`select id, last_position from enrolments where user_id = ${userId}`
  return row!
}

describe('saving progress', () => {
  it('needs a signed-in learner with a seat', async () => {
    const event = { id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }
    expect((await new Client().post('/api/progress/events', { events: [event] })).status).toBe(401)
    const { client } = await signedInClient('no-seat')
    const res = await client.post('/api/progress/events', { events: [event] })
    expect(res.status).toBe(403)
    expect(res.json.message).toMatch(/licence/)
  })

  it('applies a replayed batch once', async () => {
    const { client, userId } = await seatedLearner('replay')
    // Enrolled, then 20 seconds of reading pass on the server's clock before the batch is sent.
    await sendEvents(client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])
    await advanceServerClock(20)
    const now = Date.now()
    const batch = {
      events: [
        { id: randomUUID(), type: 'position', at: now, sectionId: SECTION, anchor: 'push-and-pull' },
        { id: randomUUID(), type: 'time', at: now, sectionId: SECTION, seconds: 20 },
        { id: randomUUID(), type: 'reflection', at: now, reflectionId: 'rf-s2-1', text: 'My own note' },
      ],
    }
    const first = await client.post('/api/progress/events', batch)
    expect(first.status).toBe(200)
    expect(first.json.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied'])
    const again = await client.post('/api/progress/events', batch)
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate'])

    const { id } = await enrolmentOf(userId)
    const sql = testSql()
    const [progress] = await sql`select active_seconds, last_anchor from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    expect(progress).toMatchObject({ active_seconds: 20, last_anchor: 'push-and-pull' })
    expect(await sql`select * from progress_events where enrolment_id = ${id}`).toHaveLength(4)
  })

  it('keeps the latest position when events arrive out of order', async () => {
    const { client, userId } = await seatedLearner('reorder')
    const t = Date.now()
    const later = { id: randomUUID(), type: 'position', at: t + 5000, sectionId: SECTION, anchor: 'later' }
    const earlier = { id: randomUUID(), type: 'position', at: t, sectionId: SECTION, anchor: 'earlier' }
    await client.post('/api/progress/events', { events: [later] })
    await client.post('/api/progress/events', { events: [earlier] })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'later', at: t + 5000 })
    // Two saves stamped the same moment (two tabs): the one that arrives second wins.
    const tie = { id: randomUUID(), type: 'position', at: t + 5000, sectionId: SECTION, anchor: 'same-moment' }
    await client.post('/api/progress/events', { events: [tie] })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'same-moment', at: t + 5000 })
  })

  it('credits active time only as fast as the server\'s clock moves, whatever the reports say', async () => {
    const { client, userId } = await seatedLearner('time-cap')
    await sendEvents(client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])
    await advanceServerClock(60)
    const at = Date.now()
    const events = Array.from({ length: 5 }, (_, i) => ({ id: randomUUID(), type: 'time', at: at + i * 1000, sectionId: SECTION, seconds: 30 }))
    const res = await client.post('/api/progress/events', { events })
    const granted = res.json.results.map((r: { result: { credited: number } }) => r.result.credited)
    expect(granted.slice(0, 2)).toEqual([30, 30])
    const { id } = await enrolmentOf(userId)
    const [row] = await testSql()`select active_seconds from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    // 60 seconds passed, plus the few real ones the test took.
    expect(row!.active_seconds).toBeGreaterThanOrEqual(60)
    expect(row!.active_seconds).toBeLessThan(75)
  })

  it('grades an answer on the server, returns the feedback once answered, and completes the section for good', async () => {
    const { client, userId } = await seatedLearner('answer')
    const section = (await client.get(`/api/course/sections/${SECTION}`)).json
    const quiz = section.activities.find((a: { type: string }) => a.type === 'quiz')
    const answer = (q: { id: string }, right: boolean) => ({ id: randomUUID(), type: 'answer', at: Date.now(), activityId: quiz.id, questionId: q.id, answer: right ? correctAnswer(q.id) : wrongAnswer(q.id) })
    const res = await client.post('/api/progress/events', { events: quiz.questions.map((q: { id: string }) => answer(q, false)) })
    expect(res.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true)
    const graded = res.json.results[0].result
    expect(graded).toMatchObject({ questionId: quiz.questions[0].id, correct: false })
    expect(typeof graded.explanation).toBe('string')
    expect(graded.feedback.length).toBeGreaterThan(0)

    // Wrong answers leave the quiz to do; the learner tries again and gets each one right.
    const reached = { id: randomUUID(), type: 'reached-end', at: Date.now(), sectionId: SECTION }
    expect((await client.post('/api/progress/events', { events: [reached] })).json.results[0].result).toEqual({ sectionStatus: 'in_progress' })
    await client.post('/api/progress/events', { events: quiz.questions.map((q: { id: string }) => answer(q, true)) })
    for (const scenario of section.activities.filter((a: { type: string }) => a.type === 'scenario')) {
      await sendEvents(client, firstChoicePath(scenario.id).map(p => ({ type: 'scenario-choice', activityId: scenario.id, ...p })))
    }
    // Everything done but the time: the section is finished once its share of minutes is credited.
    const outcomes = await studyFor(client, SECTION, section.minutes * 30)
    expect(outcomes.at(-1)!.result).toMatchObject({ sectionStatus: 'completed', studied: true })

    // Later events never move the section backwards.
    await client.post('/api/progress/events', { events: [{ id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }] })
    const { id } = await enrolmentOf(userId)
    const [row] = await testSql()`select status from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    expect(row!.status).toBe('completed')
  })

  it('rejects a bad event with a message and still saves the good ones beside it', async () => {
    const { client, userId } = await seatedLearner('mixed')
    const good = { id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }
    const bad = { id: randomUUID(), type: 'answer', at: Date.now(), activityId: 'qz-s2', questionId: 'no-such-question', answer: { optionId: 'a' } }
    const res = await client.post('/api/progress/events', { events: [bad, good] })
    expect(res.status).toBe(200)
    expect(res.json.results[0]).toMatchObject({ status: 'rejected' })
    expect(res.json.results[0].error).toMatch(/no question/)
    expect(res.json.results[1]).toMatchObject({ status: 'applied' })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'top' })
  })

  it('refuses malformed batches with a 400 and a message', async () => {
    const { client } = await seatedLearner('malformed')
    for (const body of ['{"events":', { events: [] }, { events: [{ id: 'not-a-uuid', type: 'position' }] }, { events: [{ id: randomUUID(), type: 'teleport', at: 1 }] }, { events: 'x'.repeat(1000) }]) {
      const res = await client.post('/api/progress/events', body)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(res.json.message.length).toBeGreaterThan(5)
    }
  })

  it('does not let a scenario step be answered before the learner reaches it', async () => {
    const { client } = await seatedLearner('skip')
    const res = await client.post('/api/progress/events', { events: [{ id: randomUUID(), type: 'scenario-choice', at: Date.now(), activityId: 'sc-jade', stepId: 'st-4', choiceId: 'a' }] })
    expect(res.json.results[0].status).toBe('rejected')
  })
})

/** Learners with a verified account, a session and a seat, made straight in the database (signing up dozens through the API is slow). */
async function directLearners(count: number) {
  const sql = testSql()
  const learners: { client: Client, userId: string, sessionId: string }[] = []
  for (let i = 0; i < count; i++) {
    const { id, secret, token } = newSessionToken()
    const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at)
      values (${`together-${randomUUID()}@example.org`}, 'Learner Together', 'not-a-real-hash', now()) returning id`
    await sql`insert into sessions (id, secret_hash, user_id) values (${id}, ${Buffer.from(sha256Bytes(secret))}, ${user!.id})`
    await grantSeatTo(user!.id)
    const client = new Client()
    client.cookies.set('__Host-session', token)
    learners.push({ client, userId: user!.id, sessionId: id })
  }
  return learners
}

/**
 * Sends requests while a transaction of the test's own holds `table` locked: the first statements that need it
 * wait in PostgreSQL, the server queues the requests that arrive meanwhile, and once the lock goes they go
 * together in batches (server/db/batch.ts), as they do under load. The batches form whatever the timing; the
 * short pause only gives every request time to reach the server before the lock is released.
 */
async function whileLocked<T>(table: 'progress_events' | 'sessions', send: () => Promise<T>): Promise<T> {
  const sql = testSql()
  let release!: () => void
  let locked!: () => void
  const isLocked = new Promise<void>(resolve => locked = resolve)
  const held = sql.begin(async (tx) => {
    await tx.unsafe(`lock table ${table} in access exclusive mode`)
    locked()
    await new Promise<void>(resolve => release = resolve)
  })
  await isLocked
  const answers = send()
  await vi.waitFor(async () => {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`
    expect(row!.n).toBeGreaterThan(0)
  }, { timeout: 10_000, interval: 20 })
  await new Promise(resolve => setTimeout(resolve, 300))
  release()
  await held
  return answers
}

const position = (anchor: string, at: number, id: string = randomUUID()) => ({ id, type: 'position', at, sectionId: SECTION, anchor })

describe('saving at the same moment as many others (saves go together in one statement)', () => {
  it('saves every learner\'s positions, each resume point the latest by the learner\'s clock', async () => {
    const learners = await directLearners(40)
    // The first save makes each enrolment (the general path); the lone-position path is for the ones after.
    await Promise.all(learners.map(l => sendEvents(l.client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])))
    const t = Date.now()
    const sent = learners.flatMap(l => [2, 0, 1].map(k => ({ learner: l, event: position(`part-${k}`, t + k * 1000) })))
    const answers = await whileLocked('progress_events', () => Promise.all(sent.map(s => s.learner.client.post('/api/progress/events', { events: [s.event] }))))
    answers.forEach((res, i) => {
      expect(res.status).toBe(200)
      expect(res.json.results).toEqual([{ id: sent[i]!.event.id, type: 'position', status: 'applied', result: null }])
    })
    const sql = testSql()
    for (const learner of learners) {
      const [row] = await sql`select e.last_position, count(p.id)::int as events from enrolments e join progress_events p on p.enrolment_id = e.id where e.user_id = ${learner.userId} group by e.id`
      expect(row).toEqual({ last_position: { sectionId: SECTION, anchor: 'part-2', at: t + 2000 }, events: 4 })
    }
    // Saves went together: fewer transactions wrote them than there were saves.
    const [{ n }] = await sql<{ n: number }[]>`select count(distinct xmin::text)::int as n from progress_events where id = any(${sent.map(s => s.event.id)}::uuid[])` as unknown as [{ n: number }]
    expect(n).toBeLessThan(sent.length)
  })

  it('applies an event sent several times at once only once', async () => {
    const learners = await directLearners(20)
    await Promise.all(learners.map(l => sendEvents(l.client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])))
    const events = learners.map(() => position('again', Date.now()))
    const answers = await whileLocked('progress_events', () => Promise.all(learners.flatMap((l, i) => [1, 2, 3].map(() => l.client.post('/api/progress/events', { events: [events[i]] })))))
    learners.forEach((_, i) => {
      const mine = answers.slice(3 * i, 3 * i + 3)
      expect(mine.map(r => r.status)).toEqual([200, 200, 200])
      expect(mine.map(r => r.json.results[0].status).sort()).toEqual(['applied', 'duplicate', 'duplicate'])
    })
    const stored = await testSql()`select id from progress_events where id = any(${events.map(e => e.id)}::uuid[])`
    expect(stored).toHaveLength(learners.length)
  })

  it('refuses a learner whose seat was taken back, and saves the others sent with it', async () => {
    const learners = await directLearners(20)
    await Promise.all(learners.map(l => sendEvents(l.client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])))
    const withdrawn = learners[15]!
    await testSql()`update seats set status = 'available', assigned_user_id = null where assigned_user_id = ${withdrawn.userId}`
    const events = learners.map((_, i) => position(`seat-${i}`, Date.now()))
    const answers = await whileLocked('progress_events', () => Promise.all(learners.map((l, i) => l.client.post('/api/progress/events', { events: [events[i]] }))))
    learners.forEach((l, i) => {
      if (l === withdrawn) {
        expect(answers[i]!.status).toBe(403)
        expect(answers[i]!.json.message).toMatch(/licence/)
      }
      else {
        expect(answers[i]!.json.results[0].status).toBe('applied')
      }
    })
    const [row] = await testSql()`select last_position from enrolments where user_id = ${withdrawn.userId}`
    expect(row!.last_position).toMatchObject({ anchor: 'top' })
  })

  it('checks each session of a batch on its own: 401 only for the expired and the forged, and the hourly touch still happens', async () => {
    const learners = await directLearners(20)
    await Promise.all(learners.map(l => sendEvents(l.client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])))
    const sql = testSql()
    const [expired, touched, forged] = [learners[15]!, learners[16]!, learners[17]!]
    await sql`update sessions set last_verified_at = now() - interval '8 days' where id = ${expired.sessionId}`
    await sql`update sessions set last_verified_at = now() - interval '2 hours' where id = ${touched.sessionId}`
    // The forged token names a real session with a secret that is not its own.
    const forgedToken = `${forged.sessionId}.${'a'.repeat(forged.client.sessionToken!.length - forged.sessionId.length - 1)}`
    forged.client.cookies.set('__Host-session', forgedToken)
    const answers = await whileLocked('sessions', () => Promise.all(learners.map(l => l.client.post('/api/progress/events', { events: [position('checked', Date.now())] }))))
    learners.forEach((l, i) => expect(answers[i]!.status, `learner ${i}`).toBe(l === expired || l === forged ? 401 : 200))
    expect(answers[16]!.headers.getSetCookie().join()).toMatch(/__Host-session=/)
    expect(answers[0]!.headers.getSetCookie()).toEqual([])
    expect(await sql`select id from sessions where id = ${expired.sessionId}`).toHaveLength(0)
    expect(await sql`select id from sessions where id = ${forged.sessionId}`).toHaveLength(1)
    const [row] = await sql`select now() - last_verified_at < interval '1 minute' as fresh from sessions where id = ${touched.sessionId}`
    expect(row!.fresh).toBe(true)
  })
})
