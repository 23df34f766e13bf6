import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, type Database } from '../../../server/db/client'
import { runScheduledReminders } from '../../../server/services/organisations/reminder-schedule'
import { correctAnswer } from '../../support/course-content'
import { completedLearner, organisationWithManager, randomIp } from '../helpers/certificates'
import { Client, serverClock, testSql } from '../helpers/client'
import { addSeats, seatCounts } from '../helpers/orgs'

/**
 * Issue 21 item 4: a refresher is a new completion. It takes one of the organisation's licences (once, under
 * concurrency; 409 and nothing changed when none is left), asks for the sections changed since the learner's
 * version and the final assessment, and issues a new certificate; the old one stays valid until its own date.
 */

interface RefresherState {
  state: string
  validUntil?: string
  changed?: { id: string, title: string, summary: string }[]
  carriedOver?: { id: string, title: string }[]
  sectionsLeft?: { id: string, title: string }[]
}

/**
 * A learner of an organisation whose certificates are current for 12 months, who completed `monthsAgo` months
 * ago (on the server's clock) in course version `version`, with `freeSeats` licences left in the organisation.
 */
async function learnerCompleted(label: string, { monthsAgo, version = 1, freeSeats }: { monthsAgo: number, version?: number, freeSeats: number }) {
  const sql = testSql()
  const { organisationId, manager } = await organisationWithManager(label)
  await sql`update organisations set certificate_months = 12 where id = ${organisationId}`
  const learner = await completedLearner(`${label} learner`, organisationId)
  const at = new Date(await serverClock())
  await sql`update enrolments set course_version = ${version}, completed_at = ${at}::timestamptz - make_interval(months => ${monthsAgo}::int) where id = ${learner.enrolmentId}`
  // As if issued then: its expiry was fixed at issue, from the 12-month period.
  await sql`update certificates set completed_at = ${at}::timestamptz - make_interval(months => ${monthsAgo}::int), issued_at = ${at}::timestamptz - make_interval(months => ${monthsAgo}::int),
    valid_until = (((${at}::timestamptz - make_interval(months => ${monthsAgo}::int)) at time zone 'Europe/London')::date + interval '12 months')::date
    where enrolment_id = ${learner.enrolmentId}`
  await addSeats(organisationId, freeSeats)
  const [seat] = await sql<{ id: string }[]>`select id from seats where assigned_user_id = ${learner.userId} and organisation_id = ${organisationId}`
  return { ...learner, organisationId, manager, seatId: seat!.id }
}

async function verify(code: string) {
  const res = await new Client().request('GET', `/api/certificates/${code}`, undefined, { 'x-forwarded-for': randomIp() })
  expect(res.status, res.text).toBe(200)
  return res.json
}

async function enrolmentsOf(userId: string) {
  return testSql()<{ id: string, cycle: number, completed_at: Date | null, refreshes_enrolment_id: string | null }[]>`
    select id, cycle, completed_at, refreshes_enrolment_id from enrolments where user_id = ${userId} order by cycle`
}

/** Passes the final assessment through the real routes, answering every drawn question right. */
async function passAssessment(client: Client) {
  const attempt = await client.post('/api/assessment/attempts')
  expect(attempt.status, attempt.text).toBe(200)
  const answers = Object.fromEntries((attempt.json.questions as { id: string }[]).map(q => [q.id, correctAnswer(q.id)]))
  const submitted = await client.post(`/api/assessment/attempts/${attempt.json.id}/submit`, { answers })
  expect(submitted.status, submitted.text).toBe(200)
  expect(submitted.json.result.passed).toBe(true)
  return attempt.json.questions.map((q: { id: string }) => q.id) as string[]
}

const today = async () => new Date(await serverClock()).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })

describe('starting a refresher', () => {
  it('takes one licence however many tabs start it at once, and leaves the old completion and certificate untouched', async () => {
    const learner = await learnerCompleted('refresh-race', { monthsAgo: 11, freeSeats: 3 })
    const [before] = await testSql()`select * from certificates where enrolment_id = ${learner.enrolmentId}`
    const forecastBefore = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}`)).json

    expect(((await learner.client.get('/api/refresher')).json as RefresherState).state).toBe('open')
    const starts = await Promise.all(Array.from({ length: 4 }, () => learner.client.post('/api/refresher')))
    for (const res of starts) expect(res.status, res.text).toBe(200)
    expect(starts.map(r => r.json.outcome).sort()).toEqual(['already_started', 'already_started', 'already_started', 'started'])
    // The lead pressing the button as well changes nothing more.
    const byLead = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect(byLead.status, byLead.text).toBe(200)
    expect(byLead.json.outcome).toBe('already_started')

    expect(await seatCounts(learner.organisationId)).toMatchObject({ available: 2 })
    const [audited] = await testSql()<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'refresher.started' and target_id = ${learner.userId}`
    expect(audited!.n).toBe(1)
    const enrolments = await enrolmentsOf(learner.userId)
    expect(enrolments).toHaveLength(2)
    expect(enrolments[1]).toMatchObject({ cycle: 2, completed_at: null, refreshes_enrolment_id: learner.enrolmentId })
    const [after] = await testSql()`select * from certificates where enrolment_id = ${learner.enrolmentId}`
    expect(after).toEqual(before)
    expect(enrolments[0]!.completed_at).not.toBeNull()

    // Completed in this version: nothing changed since, so the final assessment alone is asked for.
    const state = (await learner.client.get('/api/refresher')).json as RefresherState
    expect(state).toMatchObject({ state: 'started', changed: [], sectionsLeft: [] })
    expect(state.carriedOver).toHaveLength(9)
    const home = (await learner.client.get('/api/progress')).json
    expect(home.assessment.status).toBe('available')

    // The refresher under way has its licence already: the forecast no longer counts this learner.
    const forecastDuring = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}`)).json
    const total = (f: { refresherForecast: { refreshers: number }[] }) => f.refresherForecast.reduce((n, m) => n + m.refreshers, 0)
    expect(total(forecastBefore)).toBe(1)
    expect(total(forecastDuring)).toBe(0)
  })

  it('refuses with 409 and changes nothing when the organisation has no licence left', async () => {
    const learner = await learnerCompleted('refresh-none', { monthsAgo: 13, freeSeats: 0 })
    const seatsBefore = await seatCounts(learner.organisationId)

    const mine = await learner.client.post('/api/refresher')
    expect(mine.status).toBe(409)
    expect(mine.json.data?.code ?? mine.json.code).toBe('no_licences')
    expect(mine.json.message).toMatch(/no licences left.*Ask your training lead/)
    const lead = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect(lead.status).toBe(409)
    expect(lead.json.message).toMatch(/no licences left.*Buy more licences/)

    expect(await seatCounts(learner.organisationId)).toEqual(seatsBefore)
    expect(await enrolmentsOf(learner.userId)).toHaveLength(1)
    expect(((await learner.client.get('/api/refresher')).json as RefresherState).state).toBe('open')
  })

  it('is not open while the certificate has more than 60 days to run', async () => {
    const learner = await learnerCompleted('refresh-early', { monthsAgo: 2, freeSeats: 1 })
    expect(((await learner.client.get('/api/refresher')).json as RefresherState).state).toBe('not_yet')
    const res = await learner.client.post('/api/refresher')
    expect(res.status).toBe(422)
    expect(await seatCounts(learner.organisationId)).toMatchObject({ available: 1 })
  })

  it('does not renew a revoked certificate', async () => {
    const learner = await learnerCompleted('refresh-revoked', { monthsAgo: 13, freeSeats: 1 })
    await testSql()`update certificates set revoked_at = now(), revoked_reason = 'Completed under another person''s account' where enrolment_id = ${learner.enrolmentId}`
    expect(((await learner.client.get('/api/refresher')).json as RefresherState).state).toBe('none')
    expect((await learner.client.post('/api/refresher')).status).toBe(422)
    expect((await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)).status).toBe(404)
    expect(await seatCounts(learner.organisationId)).toMatchObject({ available: 1 })
    expect(await enrolmentsOf(learner.userId)).toHaveLength(1)
  })

  it('renews on the licence the completion was earned on, not another organisation the learner also belongs to', async () => {
    const learner = await learnerCompleted('refresh-two-orgs', { monthsAgo: 13, freeSeats: 1 })
    // The learner also holds a seat in a second organisation, whose certificates are current for 36 months.
    const second = await organisationWithManager('refresh-second')
    await testSql()`update organisations set certificate_months = 36 where id = ${second.organisationId}`
    await addSeats(second.organisationId, 2)
    await testSql()`update seats set status = 'assigned', assigned_user_id = ${learner.userId}
      where id = (select id from seats where organisation_id = ${second.organisationId} and status = 'available' limit 1)`

    // The completion was earned on the first organisation's licence: its 12-month period applies, so it is expired.
    const state = (await learner.client.get('/api/refresher')).json as RefresherState & { expired?: boolean }
    expect(state).toMatchObject({ state: 'open', expired: true })
    for (let i = 0; i < 3; i++) {
      const res = await learner.client.post('/api/refresher')
      expect(res.status, res.text).toBe(200)
    }
    expect(await seatCounts(learner.organisationId)).toMatchObject({ available: 0 })
    expect(await seatCounts(second.organisationId)).toMatchObject({ available: 1, assigned: 1 })
    // The second organisation's lead cannot renew a completion earned elsewhere.
    const [theirSeat] = await testSql()<{ id: string }[]>`select id from seats where organisation_id = ${second.organisationId} and assigned_user_id = ${learner.userId}`
    const byOther = await second.manager.client.post(`/api/orgs/${second.organisationId}/seats/${theirSeat!.id}/refresher`)
    expect(byOther.status).toBe(404)
    expect(await seatCounts(second.organisationId)).toMatchObject({ available: 1, assigned: 1 })
  })

  it('reads a learner of another organisation as not found for a lead', async () => {
    const learner = await learnerCompleted('refresh-theirs', { monthsAgo: 13, freeSeats: 1 })
    const other = await organisationWithManager('refresh-other')
    await addSeats(other.organisationId, 1)
    const res = await other.manager.client.post(`/api/orgs/${other.organisationId}/seats/${learner.seatId}/refresher`)
    expect(res.status).toBe(404)
    const cross = await other.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect([403, 404]).toContain(cross.status)
    expect(await enrolmentsOf(learner.userId)).toHaveLength(1)
    expect(await seatCounts(learner.organisationId)).toMatchObject({ available: 1 })
  })
})

describe('what a refresher asks for, and the certificate it issues', () => {
  it('asks for the sections changed since the learner\'s version before the assessment, then issues a new certificate', async () => {
    // Completed an edition before version 1, in which every section was written (changedIn: [1]), so all changed.
    const learner = await learnerCompleted('refresh-changed', { monthsAgo: 13, version: 0, freeSeats: 1 })
    const oldCode = learner.code
    const oldVerification = await verify(oldCode)
    expect(oldVerification).toMatchObject({ valid: false, status: 'expired', learnerName: 'refresh-changed learner', validity: expect.stringMatching(/^This certificate was valid until \d{1,2} [A-Z][a-z]+ \d{4}\.$/) })

    const started = await learner.client.post('/api/refresher')
    expect(started.status, started.text).toBe(200)
    const state = started.json.refresher as RefresherState
    expect(state.state).toBe('started')
    expect(state.changed).toHaveLength(9)
    expect(state.changed![0]).toEqual({ id: 's1-why-this-matters', title: 'Why this matters', summary: expect.stringMatching(/welcome to the course/i) })
    expect(state.carriedOver).toEqual([])

    const [refresher] = await testSql()<{ id: string }[]>`select id from enrolments where refreshes_enrolment_id = ${learner.enrolmentId}`
    const sections = state.changed!.map(s => s.id)
    const locked = await learner.client.post('/api/assessment/attempts')
    expect(locked.status).toBe(422)
    expect(locked.json.message).toMatch(/refresher asks for the sections that changed/)

    // All changed sections but one done: still locked, and the one left is named.
    for (const id of sections.slice(0, -1)) {
      await testSql()`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${refresher!.id}, ${id}, 'completed', true, now())`
    }
    const stillLocked = await learner.client.post('/api/assessment/attempts')
    expect(stillLocked.status).toBe(422)
    expect(stillLocked.json.message).toContain(state.changed!.at(-1)!.title)
    await testSql()`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${refresher!.id}, ${sections.at(-1)!}, 'completed', true, now())`

    await passAssessment(learner.client)
    const certificates = await testSql()<{ code: string, enrolment_id: string }[]>`
      select c.code, c.enrolment_id from certificates c join enrolments e on e.id = c.enrolment_id where e.user_id = ${learner.userId} order by c.completed_at`
    expect(certificates.map(c => c.enrolment_id)).toEqual([learner.enrolmentId, refresher!.id])
    const newCode = certificates[1]!.code
    expect(newCode).not.toBe(oldCode)

    // The new one is current for its own 12 months; the old one still says when it stopped.
    const fresh = await verify(newCode)
    const until = (await today()).replace(/^(\d{4})/, y => String(Number(y) + 1))
    expect(fresh).toMatchObject({ valid: true, status: 'valid', validUntil: until, validity: expect.stringMatching(/^Valid until /) })
    expect(await verify(oldCode)).toEqual(oldVerification)
    expect(((await learner.client.get('/api/refresher')).json as RefresherState)).toMatchObject({ state: 'not_yet', validUntil: until })
  })

  it('old certificate stays valid until its date; the lead sees the new certificate and its expiry', async () => {
    const learner = await learnerCompleted('refresh-renew', { monthsAgo: 11, freeSeats: 1 })
    const old = await verify(learner.code)
    expect(old).toMatchObject({ valid: true, status: 'valid', validity: `Valid until ${new Date(`${old.validUntil}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.` })

    const started = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect(started.status, started.text).toBe(200)
    expect(started.json.outcome).toBe('started')
    const during = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}/learners`)).json.learners
    expect(during).toHaveLength(1)
    expect(during[0]).toMatchObject({ status: 'expiring_soon', refreshing: true, certificateCode: learner.code })

    await passAssessment(learner.client)
    const [row] = await testSql()<{ code: string }[]>`select c.code from certificates c join enrolments e on e.id = c.enrolment_id where e.refreshes_enrolment_id = ${learner.enrolmentId}`
    expect(await verify(learner.code)).toEqual(old)
    const after = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}/learners`)).json.learners
    expect(after).toHaveLength(1)
    const until = (await today()).replace(/^(\d{4})/, y => String(Number(y) + 1))
    expect(after[0]).toMatchObject({ status: 'completed', refreshing: false, certificateCode: row!.code, expiresAt: until })
    // Refreshed: no licence needed until the new expiry, a year away, beyond the forecast's twelve months.
    const summary = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}`)).json
    expect(summary.refresherForecast.reduce((n: number, m: { refreshers: number }) => n + m.refreshers, 0)).toBe(0)
  })
})

/**
 * The review of issue 21: a certificate's expiry is fixed when it is issued (certificates.valid_until), from the
 * organisation whose licence it was earned on, and every view reads that one date.
 */
describe('a certificate\'s expiry, stated once', () => {
  let database: Database
  beforeAll(async () => {
    database = await openDatabase({ url: inject('databaseUrl') })
  })
  afterAll(async () => {
    await database?.close()
  })

  interface Row { email: string, seatId: string, status: string, expiresAt: string | null, refreshing: boolean, certificateCode: string | null }
  const rowOf = async (client: Client, organisationId: string, email: string) =>
    ((await client.get(`/api/orgs/${organisationId}/learners`)).json.learners as Row[]).find(l => l.email === email)!
  const expiryReminders = async (email: string) => testSql()<{ subject: string }[]>`
    select subject from email_outbox where "to" = ${email} and template = 'scheduled-reminder' and subject like '%certificate expires%'`
  const runReminders = async () => runScheduledReminders(database.db, { siteUrl: 'http://localhost', now: new Date(await serverClock()) })

  it('shows the same expiry on another organisation\'s dashboard, on the verify page and in the reminder', async () => {
    // Earned on a 12-month licence twelve months ago: its last current day is today.
    const learner = await learnerCompleted('expiry-two-orgs', { monthsAgo: 12, freeSeats: 0 })
    const second = await organisationWithManager('expiry-second')
    await testSql()`update organisations set certificate_months = 36, reminders_enabled = true where id = ${second.organisationId}`
    await addSeats(second.organisationId, 1)
    await testSql()`update seats set status = 'assigned', assigned_user_id = ${learner.userId} where organisation_id = ${second.organisationId} and status = 'available'`
    // Only the second organisation reminds, so the reminder found is the one its seat sent.
    await testSql()`update organisations set reminders_enabled = false where id = ${learner.organisationId}`

    const verified = await verify(learner.code)
    expect(verified).toMatchObject({ valid: true, validUntil: await today() })
    const row = await rowOf(second.manager.client, second.organisationId, learner.email)
    expect(row).toMatchObject({ status: 'expiring_soon', expiresAt: verified.validUntil, certificateCode: learner.code, refreshing: false })
    expect(await rowOf(learner.manager.client, learner.organisationId, learner.email)).toMatchObject({ status: 'expiring_soon', expiresAt: verified.validUntil })

    await runReminders()
    const day = new Date(`${verified.validUntil}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
    expect((await expiryReminders(learner.email)).map(m => m.subject)).toEqual([`Your Children Missing from Care certificate expires on ${day}`])
  })

  it('moves a learner whose certificate was revoked on to expired by its date, never "completed" for ever, without its code', async () => {
    const learner = await learnerCompleted('expiry-revoked', { monthsAgo: 13, freeSeats: 0 })
    await testSql()`update certificates set revoked_at = now(), revoked_reason = 'Completed under another person''s account' where enrolment_id = ${learner.enrolmentId}`
    const [issued] = await testSql()<{ day: string }[]>`select to_char(valid_until, 'YYYY-MM-DD') as day from certificates where enrolment_id = ${learner.enrolmentId}`
    expect(await rowOf(learner.manager.client, learner.organisationId, learner.email)).toMatchObject({ status: 'expired', expiresAt: issued!.day, certificateCode: null })
  })

  it('keeps an issued certificate\'s date when the lead changes the period; later certificates get the new one', async () => {
    const learner = await learnerCompleted('expiry-period', { monthsAgo: 11, freeSeats: 1 })
    const before = await verify(learner.code)
    const rowBefore = await rowOf(learner.manager.client, learner.organisationId, learner.email)
    expect(rowBefore).toMatchObject({ status: 'expiring_soon', expiresAt: before.validUntil })

    const put = await learner.manager.client.request('PUT', `/api/orgs/${learner.organisationId}/settings`, { defaultDueWeeks: null, remindersEnabled: true, reminderDaysBefore: 7, certificateMonths: 36 })
    expect(put.status, put.text).toBe(200)
    expect(await verify(learner.code)).toEqual(before)
    expect(await rowOf(learner.manager.client, learner.organisationId, learner.email)).toMatchObject({ status: 'expiring_soon', expiresAt: before.validUntil })
    expect(((await learner.client.get('/api/refresher')).json as RefresherState)).toMatchObject({ state: 'open', validUntil: before.validUntil })

    // The refresher's certificate, issued after the change, is current for 36 months.
    expect((await learner.client.post('/api/refresher')).status).toBe(200)
    await passAssessment(learner.client)
    const until = (await today()).replace(/^(\d{4})/, y => String(Number(y) + 3))
    expect(await rowOf(learner.manager.client, learner.organisationId, learner.email)).toMatchObject({ status: 'completed', expiresAt: until })
  })

  it('sends no expiry reminder to a learner whose refresher is under way', async () => {
    const learner = await learnerCompleted('expiry-refreshing', { monthsAgo: 12, freeSeats: 1 })
    await testSql()`update organisations set reminders_enabled = true where id = ${learner.organisationId}`
    const started = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect(started.status, started.text).toBe(200)
    await runReminders()
    expect(await expiryReminders(learner.email)).toEqual([])
  })

  it('reports a completion of an earlier version as completed and expiring, with the refresher, and refreshing during it', async () => {
    const learner = await learnerCompleted('expiry-old-version', { monthsAgo: 11, version: 0, freeSeats: 1 })
    const verified = await verify(learner.code)
    const before = await rowOf(learner.manager.client, learner.organisationId, learner.email)
    expect(before).toMatchObject({ status: 'expiring_soon', expiresAt: verified.validUntil, certificateCode: learner.code, refreshing: false })
    const forecast = (await learner.manager.client.get(`/api/orgs/${learner.organisationId}`)).json
    expect(forecast.refresherForecast.reduce((n: number, m: { refreshers: number }) => n + m.refreshers, 0)).toBe(1)

    const started = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/seats/${learner.seatId}/refresher`)
    expect(started.status, started.text).toBe(200)
    expect(await rowOf(learner.manager.client, learner.organisationId, learner.email)).toMatchObject({ status: 'expiring_soon', refreshing: true, certificateCode: learner.code })
    // Completed (an earlier version): the lead's "remind unfinished learners" leaves them alone.
    const reminded = await learner.manager.client.post(`/api/orgs/${learner.organisationId}/reminders`, { seatIds: [learner.seatId] })
    expect(reminded.status, reminded.text).toBe(200)
    expect(reminded.json.reminded).toBe(0)
  })
})
