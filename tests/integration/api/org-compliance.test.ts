import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, type Database } from '../../../server/db/client'
import { runScheduledReminders } from '../../../server/services/organisations/reminder-schedule'
import { signedInAdmin } from '../helpers/admin'
import { Client, testSql, uniqueEmail } from '../helpers/client'
import { invitationToken, orgWithSeats, quickSignedInPeople } from '../helpers/orgs'

/**
 * Issue 21: teams and due dates from an invitation CSV, the overdue status and its filter, the team filter on
 * the dashboard and reports, the automatic reminder schedule on a clock, and the insight's k-anonymity.
 */

interface Learner { email: string, status: string, seatId: string | null, team: { id: string, name: string } | null, dueAt: string | null, expiresAt: string | null, certificateCode: string | null, remindersStoppedAt: string | null }

let lead: Awaited<ReturnType<typeof orgWithSeats>>
let database: Database

async function csvPreview(client: Client, orgId: string, csv: string) {
  const res = await fetch(`${client.baseUrl}/api/orgs/${orgId}/invitations/csv`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'cookie': `__Host-session=${client.sessionToken}`, 'origin': client.baseUrl },
    body: csv,
  })
  return { status: res.status, json: await res.json() as { plan: { rows: { email: string, name: string | null, team: string | null, dueOn: string | null, problem: string | null }[] } } }
}

const list = async (query = '') => {
  const res = await lead.client.get(`/api/orgs/${lead.orgId}/learners${query}`)
  expect(res.status, res.text).toBe(200)
  return res.json as { learners: Learner[], total: number }
}

beforeAll(async () => {
  lead = await orgWithSeats(12, 'comp-lead')
  database = await openDatabase({ url: inject('databaseUrl') })
})
afterAll(async () => {
  await database?.close()
})

describe('teams and due dates from the invitation CSV', () => {
  const people = { ada: uniqueEmail('comp-ada'), ben: uniqueEmail('comp-ben'), cy: uniqueEmail('comp-cy') }

  it('reads Team and Due date columns, invites, and lists each person with team and due date', async () => {
    const csv = `Name,Email,Team,Due date\nAda,${people.ada},Fostering North,2020-01-31\nBen,${people.ben},fostering north,within 4 weeks\nCy,${people.cy},Residential,\nDee,${uniqueEmail('comp-dee')},Residential,next Tuesday\n`
    const preview = await csvPreview(lead.client, lead.orgId, csv)
    expect(preview.status).toBe(200)
    expect(preview.json.plan.rows.map(r => [r.team, r.problem])).toEqual([['Fostering North', null], ['fostering north', null], ['Residential', null], ['Residential', 'invalid_due']])
    expect(preview.json.plan.rows[0]!.dueOn).toBe('2020-01-31')
    const entries = preview.json.plan.rows.filter(r => !r.problem).map(r => ({ email: r.email, name: r.name, team: r.team, due: r.dueOn }))
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries })).status).toBe(201)

    const { learners } = await list('?sort=due')
    expect(learners.map(l => l.email)).toEqual([people.ada, people.ben, people.cy])
    // "fostering north" is the same team as "Fostering North".
    expect(learners[0]!.team!.id).toBe(learners[1]!.team!.id)
    expect(learners.map(l => l.team?.name)).toEqual(['Fostering North', 'Fostering North', 'Residential'])
    expect(learners[0]).toMatchObject({ dueAt: '2020-01-31', status: 'overdue', expiresAt: null, certificateCode: null })
    expect(learners[1]!.status).toBe('invited')
  })

  it('filters by status=overdue and by team, on the list, the chart counts and the report', async () => {
    expect((await list('?status=overdue')).learners.map(l => l.email)).toEqual([people.ada])
    const teams = (await lead.client.get(`/api/orgs/${lead.orgId}`)).json.teams as { id: string, name: string, learners: number }[]
    expect(teams.map(t => [t.name, t.learners])).toEqual([['Fostering North', 2], ['Residential', 1]])
    const residential = teams[1]!.id
    expect((await list(`?team=${residential}`)).learners.map(l => l.email)).toEqual([people.cy])
    const summary = await lead.client.get(`/api/orgs/${lead.orgId}?team=${teams[0]!.id}`)
    expect(summary.json.statuses).toMatchObject({ overdue: 1, invited: 1 })
    const csv = await fetch(`${lead.client.baseUrl}/api/orgs/${lead.orgId}/report.csv?team=${residential}`, { headers: { cookie: `__Host-session=${lead.client.sessionToken}` } })
    const rows = parse(await csv.text(), { bom: true }) as string[][]
    expect(rows.slice(1).map(r => [r[1], r[2]])).toEqual([[people.cy, 'Residential']])
    const xlsx = await fetch(`${lead.client.baseUrl}/api/orgs/${lead.orgId}/report.xlsx`, { headers: { cookie: `__Host-session=${lead.client.sessionToken}` } })
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-disposition')).toMatch(/\.xlsx"$/)
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4B])
    expect((await lead.client.get(`/api/orgs/${lead.orgId}/learners?team=not-a-team`)).status).toBe(400)
  })

  it('sets a whole team\'s due date, one person\'s team, renames and merges teams', async () => {
    const [north, residential] = (await lead.client.get(`/api/orgs/${lead.orgId}`)).json.teams as [{ id: string, name: string }, { id: string, name: string }]
    const due = await lead.client.post(`/api/orgs/${lead.orgId}/teams/${north.id}/due`, { due: '2099-12-31' })
    expect(due.status, due.text).toBe(200)
    expect(due.json.learners).toBe(2)
    expect((await list('?status=overdue')).total).toBe(0)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/teams/${north.id}/due`, { due: 'whenever' })).status).toBe(400)

    const cy = (await list(`?q=${encodeURIComponent(people.cy)}`)).learners[0]!
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/seats/${cy.seatId}/compliance`, { team: 'Fostering South', due: '01/02/2099' })).status).toBe(200)
    expect((await list(`?q=${encodeURIComponent(people.cy)}`)).learners[0]).toMatchObject({ team: { name: 'Fostering South' }, dueAt: '2099-02-01' })

    expect((await lead.client.post(`/api/orgs/${lead.orgId}/teams/${residential.id}/rename`, { name: 'Fostering North' })).status).toBe(409)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/teams/${residential.id}/rename`, { name: 'Residential homes' })).status).toBe(200)
    const south = ((await lead.client.get(`/api/orgs/${lead.orgId}`)).json.teams as { id: string, name: string }[]).find(t => t.name === 'Fostering South')!
    const merged = await lead.client.post(`/api/orgs/${lead.orgId}/teams/${south.id}/merge`, { into: north.id })
    expect(merged.json).toMatchObject({ moved: 1 })
    expect((await list(`?team=${north.id}`)).total).toBe(3)
  })

  it('keeps other organisations and learners out', async () => {
    const other = await orgWithSeats(1, 'comp-other')
    const teams = (await lead.client.get(`/api/orgs/${lead.orgId}`)).json.teams as { id: string }[]
    // Another organisation's lead cannot touch this organisation, nor use its team ids in their own.
    for (const path of ['', '/learners', '/insight', '/report.xlsx']) expect((await other.client.get(`/api/orgs/${lead.orgId}${path}`)).status).toBe(404)
    expect((await other.client.post(`/api/orgs/${other.orgId}/teams/${teams[0]!.id}/rename`, { name: 'Mine now' })).status).toBe(404)
    expect((await other.client.request('PUT', `/api/orgs/${lead.orgId}/settings`, { defaultDueWeeks: 4, remindersEnabled: false, reminderDaysBefore: 7, certificateMonths: 12 })).status).toBe(404)
    expect((await other.client.get(`/api/orgs/${other.orgId}/learners?team=${teams[0]!.id}`)).json.total).toBe(0)
  })
})

describe('the automatic reminder schedule, on a clock', () => {
  // Days far ahead, so the server's own rounds (on its clock, near today) never reach them.
  const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
  const run = (now: Date) => runScheduledReminders(database.db, { siteUrl: lead.client.baseUrl, now })
  const reminders = async (email: string) => testSql()<{ subject: string, text: string }[]>`
    select subject, text from email_outbox where "to" = ${email} and template = 'scheduled-reminder' order by created_at, id`
  let org: Awaited<ReturnType<typeof orgWithSeats>>
  let learner: Awaited<ReturnType<typeof quickSignedInPeople>>[number]
  let invited: string

  beforeAll(async () => {
    org = await orgWithSeats(3, 'sched-lead')
    ;[learner] = await quickSignedInPeople(1, 'sched-learner') as [typeof learner]
    invited = uniqueEmail('sched-invited')
    const entries = [{ email: learner.email, due: '2040-06-30' }, { email: invited, due: '2040-06-30' }]
    expect((await org.client.post(`/api/orgs/${org.orgId}/invitations`, { entries })).status).toBe(201)
    expect((await learner.client.post('/api/invitations/accept', { token: await invitationToken(learner.email) })).status).toBe(200)
  })

  it('reminds N days before, on the day and weekly while overdue, never twice a day', async () => {
    await run(at('2040-06-22'))
    expect(await reminders(learner.email)).toHaveLength(0)
    await run(at('2040-06-23'))
    await run(at('2040-06-23', 20))
    await run(at('2040-06-24'))
    expect((await reminders(learner.email)).map(m => m.subject)).toEqual(['Children Missing from Care is due by 30 June 2040'])
    await run(at('2040-06-30', 8))
    await run(at('2040-06-30', 10))
    await run(at('2040-07-03'))
    await run(at('2040-07-07'))
    await run(at('2040-07-07', 22))
    expect((await reminders(learner.email)).map(m => m.subject)).toEqual([
      'Children Missing from Care is due by 30 June 2040',
      'Children Missing from Care is due today',
      'Children Missing from Care is overdue',
    ])
    const audit = await testSql()`select 1 from audit_log where action = 'learner.reminded' and details::jsonb->>'email' = ${learner.email} and details::jsonb->>'automatic' = 'true'`
    expect(audit).toHaveLength(3)
  })

  it('reminds open invitations with a fresh link that works', async () => {
    const [mail] = await reminders(invited)
    expect(mail!.text).toMatch(/\/invitation#token=[a-z2-7]{32}/)
    expect(await invitationToken(invited)).toBeTruthy()
  })

  it('stops after the learner uses the link, and the lead sees it', async () => {
    const [mail] = await reminders(invited)
    const token = mail!.text.match(/\/reminders\/stop#token=([a-z2-7]+)/)![1]!
    const client = new Client()
    expect((await client.post('/api/reminders/stop', { token: 'a'.repeat(32) })).status).toBe(404)
    expect((await client.post('/api/reminders/stop', { token })).status).toBe(200)
    const before = (await reminders(invited)).length
    await run(at('2040-07-14'))
    expect(await reminders(invited)).toHaveLength(before)
    const row = ((await org.client.get(`/api/orgs/${org.orgId}/learners`)).json.learners as Learner[]).find(l => l.email === invited)!
    expect(row.remindersStoppedAt).toBeTruthy()
  })

  it('sends nothing once the course is completed, nor when the organisation turns reminders off', async () => {
    await testSql()`insert into enrolments (user_id, course_version, completed_at) values (${learner.userId}, 1, now())`
    const before = (await reminders(learner.email)).length
    await run(at('2040-07-21'))
    expect(await reminders(learner.email)).toHaveLength(before)
    const third = uniqueEmail('sched-third')
    await org.client.post(`/api/orgs/${org.orgId}/invitations`, { entries: [{ email: third, due: '2040-06-30' }] })
    expect((await org.client.request('PUT', `/api/orgs/${org.orgId}/settings`, { defaultDueWeeks: null, remindersEnabled: false, reminderDaysBefore: 7, certificateMonths: null })).status).toBe(200)
    await run(at('2040-07-28'))
    expect(await reminders(third)).toHaveLength(0)
  })
})

describe('insight for leads', () => {
  const QUIZ = 'qz-s2'
  const QUESTION = 'q-s2-02'
  let org: Awaited<ReturnType<typeof orgWithSeats>>
  let teams: Record<string, string>

  /** People in a team, each with a first answer to one question (right or wrong), straight into the tables. */
  async function answered(team: string, choices: string[]) {
    const people = await quickSignedInPeople(choices.length, `ins-${team.toLowerCase()}`)
    const sql = testSql()
    const [t] = await sql<{ id: string }[]>`insert into teams (organisation_id, name) values (${org.orgId}, ${team}) on conflict do nothing returning id`
    teams[team] ??= t!.id
    for (const [i, p] of people.entries()) {
      await sql`insert into seats (organisation_id, status, assigned_user_id, invited_email, team_id) values (${org.orgId}, 'assigned', ${p.userId}, ${p.email}, ${teams[team]!})`
      const [e] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version) values (${p.userId}, 1) returning id`
      const choice = choices[i]!
      await sql`insert into activity_attempts (enrolment_id, activity_id, item_id, attempt_number, answers, score, passed, client_event_id)
        values (${e!.id}, ${QUIZ}, ${QUESTION}, 1, ${sql.json({ optionId: choice })}, ${choice === 'c' ? 1 : 0}, ${choice === 'c'}, ${randomUUID()})`
      // A second try, right, after feedback: it must not count.
      await sql`insert into activity_attempts (enrolment_id, activity_id, item_id, attempt_number, answers, score, passed, client_event_id)
        values (${e!.id}, ${QUIZ}, ${QUESTION}, 2, ${sql.json({ optionId: 'c' })}, 1, true, ${randomUUID()})`
    }
    return people
  }

  beforeAll(async () => {
    org = await orgWithSeats(0, 'ins-lead')
    teams = {}
  })

  it('answers nothing for fewer than five learners', async () => {
    await answered('North', ['a', 'a', 'c', 'b'])
    expect((await org.client.get(`/api/orgs/${org.orgId}/insight`)).json).toEqual({ shown: false, reason: 'too_few' })
  })

  it('gives the share wrong first time and the commonest wrong choice, with a link to the section', async () => {
    await answered('North', ['a', 'c', 'c'])
    const res = await org.client.get(`/api/orgs/${org.orgId}/insight`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ shown: true, learners: 7 })
    const item = res.json.items.find((i: { text: string }) => i.text.startsWith('Dylan, 14'))
    expect(item).toMatchObject({ kind: 'question', learners: 7, link: '/course/s2-why-children-go-missing', commonestWrong: 'He wants attention and will stop if nobody reacts.' })
    expect(item.wrongShare).toBeCloseTo(4 / 7)
  })

  it('never lets team filters be combined to single out fewer than five', async () => {
    // North has 7; South has 2. "Everyone" (9) minus North (7) would give South's 2 people: so North is not shown.
    await answered('South', ['b', 'b'])
    const all = await org.client.get(`/api/orgs/${org.orgId}/insight`)
    expect(all.json.shown).toBe(true)
    for (const team of [teams.North, teams.South, 'none']) {
      expect((await org.client.get(`/api/orgs/${org.orgId}/insight?team=${team}`)).json).toEqual({ shown: false, reason: 'too_few' })
    }
    // Once South has five, each team is shown, and every difference of views is a group of five or more.
    await answered('South', ['a', 'c', 'c'])
    expect((await org.client.get(`/api/orgs/${org.orgId}/insight?team=${teams.South}`)).json).toMatchObject({ shown: true, learners: 5 })
    expect((await org.client.get(`/api/orgs/${org.orgId}/insight?team=${teams.North}`)).json).toMatchObject({ shown: true, learners: 7 })
  })

  it('is for training leads only', async () => {
    const [learner] = await quickSignedInPeople(1, 'ins-nosy')
    expect([403, 404]).toContain((await learner!.client.get(`/api/orgs/${org.orgId}/insight`)).status)
    expect((await new Client().get(`/api/orgs/${org.orgId}/insight`)).status).toBe(401)
  })
})

describe('item analysis for the charity', () => {
  it('gives facility, discrimination and option counts per item from first answers, with a CSV, to admins only', async () => {
    const admin = await signedInAdmin('comp-admin')
    const res = await admin.client.get('/api/admin/reports/item-analysis')
    expect(res.status).toBe(200)
    const item = res.json.items.find((i: { item: string }) => i.item === 'question:qz-s2/q-s2-02')
    // The insight tests above left first answers to this question; second tries never count.
    expect(item.responses).toBeGreaterThanOrEqual(12)
    expect(item.facility).toBeGreaterThan(0)
    expect(item.facility).toBeLessThan(1)
    expect(item.choices.map((c: { text: string }) => c.text)).toContain('He wants attention and will stop if nobody reacts.')
    const csv = await fetch(`${admin.client.baseUrl}/api/admin/reports/item-analysis.csv`, { headers: { cookie: `__Host-session=${admin.client.sessionToken}` } })
    const rows = parse(await csv.text(), { bom: true }) as string[][]
    expect(rows[0]![0]).toBe('Item')
    expect(rows.some(r => r[0] === 'question:qz-s2/q-s2-02')).toBe(true)
    const [learner] = await quickSignedInPeople(1, 'comp-not-admin')
    expect([403, 404]).toContain((await learner!.client.get('/api/admin/reports/item-analysis')).status)
  })
})

