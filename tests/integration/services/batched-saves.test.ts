import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { findMigrationsFolder, migrateDatabase, openDatabase, queryRows, type Database } from '../../../server/db/client'
import type { CourseCatalog } from '../../../server/domain/course-progress/catalog'
import { createSession, validateSessionToken } from '../../../server/services/accounts/sessions'
import { saveLonePosition } from '../../../server/services/course-progress/progress'
import type { ProgressEvent } from '../../../shared/types/progress'

/**
 * Lone position saves and session lookups made at the same moment go together in one statement each
 * (server/db/batch.ts). Called in-process, all at once, so batches surely form: the first few run alone and
 * everything after waits for them and goes in batches. The answers and the rows must be exactly those of the
 * same calls made one at a time. On PostgreSQL through postgres.js, as deployed, and on PGlite, as in
 * `npm run dev`.
 */
const SECTION = 's2-why-children-go-missing'
const VERSION = 900_001
const catalog = { version: VERSION, sections: [{ id: SECTION }] } as unknown as CourseCatalog

const kinds = [
  ['PostgreSQL', () => openDatabase({ url: inject('databaseUrl') })],
  ['PGlite', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' })
    await migrateDatabase(database, findMigrationsFolder())
    return database
  }],
] as const

describe.each(kinds)('batched saves on %s', (_kind, open) => {
  let database: Database
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query)

  beforeAll(async () => {
    database = await open()
  }, 60_000)
  afterAll(async () => {
    await database?.close()
  })

  /** Learners who hold a seat and have started (an enrolment), made straight in the database. */
  async function enrolledLearners(count: number) {
    const learners: { userId: string, enrolmentId: string }[] = []
    for (let i = 0; i < count; i++) {
      const [user] = await rows<{ id: string }>(sql`insert into users (email, name, password_hash) values (${`batch-${randomUUID()}@example.org`}, 'Batch Learner', 'not-a-hash') returning id`)
      const [seat] = await rows<{ id: string }>(sql`insert into seats (status, assigned_user_id) values ('assigned', ${user!.id}) returning id`)
      const [enrolment] = await rows<{ id: string }>(sql`insert into enrolments (user_id, course_version, seat_id) values (${user!.id}, ${VERSION}, ${seat!.id}) returning id`)
      learners.push({ userId: user!.id, enrolmentId: enrolment!.id })
    }
    return learners
  }

  const position = (anchor: string, at: number, id: string = randomUUID()): ProgressEvent => ({ id, type: 'position', at, sectionId: SECTION, anchor })
  const save = (userId: string, event: ProgressEvent) => saveLonePosition(database.db, catalog, userId, [event], new Date())
  const applied = (event: ProgressEvent) => [{ id: event.id, type: 'position', status: 'applied', result: null }]

  /** How many transactions wrote these events: fewer than the events means saves went together. */
  async function transactionsFor(ids: string[]) {
    const [row] = await rows<{ n: number }>(sql`select count(distinct xmin::text)::int as n from progress_events where id = any(${`{${ids.join(',')}}`}::uuid[])`)
    return Number(row!.n)
  }

  it('saves every learner\'s positions at once, each resume point the latest by the learner\'s clock', async () => {
    const learners = await enrolledLearners(30)
    const t = Date.now()
    // Three saves each, sent in an order that is not their order in time.
    // Anchors with quotes, a backslash and accents travel through the batch's JSON unchanged.
    const anchor = (k: number) => `part-${k} "é" \\`
    const sent = learners.flatMap(l => [2, 0, 1].map(k => ({ learner: l, event: position(anchor(k), t + k * 1000) })))
    const answers = await Promise.all(sent.map(s => save(s.learner.userId, s.event)))
    answers.forEach((answer, i) => expect(answer).toEqual(applied(sent[i]!.event)))

    const ids = sent.map(s => s.event.id)
    const stored = await rows<{ id: string, enrolment_id: string }>(sql`select id::text, enrolment_id::text from progress_events where id = any(${`{${ids.join(',')}}`}::uuid[])`)
    expect(new Map(stored.map(r => [r.id, r.enrolment_id]))).toEqual(new Map(sent.map(s => [s.event.id, s.learner.enrolmentId])))
    expect(await transactionsFor(ids)).toBeLessThan(ids.length)
    for (const learner of learners) {
      const [enrolment] = await rows<{ last_position: { anchor: string, at: number } }>(sql`select last_position from enrolments where id = ${learner.enrolmentId}`)
      expect(enrolment!.last_position).toEqual({ sectionId: SECTION, anchor: anchor(2), at: t + 2000 })
      const [section] = await rows<{ status: string, last_anchor: string }>(sql`select status, last_anchor from section_progress where enrolment_id = ${learner.enrolmentId} and section_id = ${SECTION}`)
      expect(section!.status).toBe('in_progress')
      expect(section!.last_anchor).toMatch(/^part-[012] "é" \\$/)
    }
  })

  it('applies an event sent several times at once only once, and never takes another learner\'s event id as its own', async () => {
    const learners = await enrolledLearners(12)
    const t = Date.now()
    const events = learners.map((_, i) => position(`once-${i}`, t))
    const answers = await Promise.all(learners.flatMap((l, i) => [save(l.userId, events[i]!), save(l.userId, events[i]!), save(l.userId, events[i]!)]))
    for (let i = 0; i < learners.length; i++) {
      const mine = answers.slice(3 * i, 3 * i + 3)
      // One is applied; the others are left to the general path, which answers "duplicate" (the API's tests).
      expect(mine.filter(a => a !== null)).toEqual([applied(events[i]!)])
      expect(mine.filter(a => a === null)).toHaveLength(2)
    }
    expect(await rows(sql`select id from progress_events where id = any(${`{${events.map(e => e.id).join(',')}}`}::uuid[])`)).toHaveLength(learners.length)

    // Two learners sending the same id at the same moment: exactly one of them has it.
    const [a, b, ...others] = await enrolledLearners(8)
    const shared = randomUUID()
    const pairs = await Promise.all([
      ...others.map(o => save(o.userId, position('other', t))),
      save(a!.userId, position('from-a', t, shared)),
      save(b!.userId, position('from-b', t, shared)),
    ])
    const [fromA, fromB] = pairs.slice(-2)
    expect([fromA, fromB].filter(x => x !== null)).toHaveLength(1)
    const [owner] = await rows<{ enrolment_id: string }>(sql`select enrolment_id::text from progress_events where id = ${shared}`)
    expect(owner!.enrolment_id).toBe(fromA ? a!.enrolmentId : b!.enrolmentId)
    const loser = fromA ? b! : a!
    const [untouched] = await rows<{ last_position: unknown }>(sql`select last_position from enrolments where id = ${loser.enrolmentId}`)
    expect(untouched!.last_position).toBeNull()
  })

  it('refuses a learner whose seat was taken back, in the same batch as others it saves', async () => {
    const learners = await enrolledLearners(16)
    const withdrawn = learners[13]!
    await rows(sql`update seats set status = 'available', assigned_user_id = null where assigned_user_id = ${withdrawn.userId}`)
    const t = Date.now()
    const events = learners.map((_, i) => position(`seat-${i}`, t))
    const answers = await Promise.all(learners.map((l, i) => save(l.userId, events[i]!)))
    learners.forEach((l, i) => expect(answers[i]).toEqual(l === withdrawn ? null : applied(events[i]!)))
    const [row] = await rows<{ last_position: unknown }>(sql`select last_position from enrolments where id = ${withdrawn.enrolmentId}`)
    expect(row!.last_position).toBeNull()
    expect(await rows(sql`select id from progress_events where enrolment_id = ${withdrawn.enrolmentId}`)).toHaveLength(0)
  })

  it('fails only the save at fault when a batch\'s statement fails, and saves the others', async () => {
    const learners = await enrolledLearners(16)
    const t = Date.now()
    // Not a UUID: only a caller that skipped the API's validation could send it, but it must not fail the others.
    const events = learners.map((_, i) => position(`fault-${i}`, t, i === 13 ? 'not-a-uuid' : randomUUID()))
    const answers = await Promise.allSettled(learners.map((l, i) => save(l.userId, events[i]!)))
    learners.forEach((_, i) => i === 13
      ? expect(answers[i]!.status).toBe('rejected')
      : expect(answers[i]).toEqual({ status: 'fulfilled', value: applied(events[i]!) }))
  })

  it('checks every session of a batch on its own: secret, expiry, and the hourly touch', async () => {
    const learners = await enrolledLearners(20)
    const sessions = await Promise.all(learners.map(l => createSession(database.db, l.userId)))
    // Late in the list, so they wait for the first lookups and go in a batch.
    const [expired, touched, forged] = [sessions[15]!, sessions[16]!, sessions[17]!]
    await rows(sql`update sessions set last_verified_at = now() - interval '8 days' where id = ${expired.id}`)
    await rows(sql`update sessions set last_verified_at = now() - interval '2 hours' where id = ${touched.id}`)
    // A real session id with a secret that is not its own, and a token naming no session at all.
    const forgedToken = `${forged.id}.${'a'.repeat(forged.token.length - forged.id.length - 1)}`
    const unknownToken = `${'b'.repeat(forged.id.length)}.${'c'.repeat(32)}`
    const tokens = [...sessions.map(s => s.token), forgedToken, unknownToken, sessions[0]!.token]
    const answers = await Promise.all(tokens.map(token => validateSessionToken(database.db, token)))

    learners.forEach((l, i) => {
      if (sessions[i] === expired) return expect(answers[i]).toBeNull()
      expect(answers[i]).toMatchObject({ id: sessions[i]!.id, user: { id: l.userId }, touched: sessions[i] === touched })
    })
    expect(answers.slice(-3)).toEqual([null, null, expect.objectContaining({ id: sessions[0]!.id, user: expect.objectContaining({ id: learners[0]!.userId }) })])
    // The expired session is gone, the forged token changed nothing, and the touch was recorded.
    expect(await rows(sql`select id from sessions where id = ${expired.id}`)).toHaveLength(0)
    expect(await rows(sql`select id from sessions where id = ${forged.id}`)).toHaveLength(1)
    const [row] = await rows<{ fresh: boolean }>(sql`select now() - last_verified_at < interval '1 minute' as fresh from sessions where id = ${touched.id}`)
    expect(row!.fresh).toBe(true)
  })
})
