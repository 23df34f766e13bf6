import { beforeAll, describe, expect, it } from 'vitest'
import { Client, signedInClient, testSql, uniqueEmail } from '../helpers/client'
import { invitationToken, invite, openInvitationId, orgWithSeats, seatCounts } from '../helpers/orgs'

/**
 * Every organisation route, tried by everyone who must not use it: each organisation is a tenant, and no
 * request about organisation A by someone outside A's management may succeed or show A's data.
 */
interface Fixture {
  orgA: string
  orgB: string
  leadA: Client
  leadB: Client
  learnerA: Client
  outsider: Client
  invitationA: string
  seatA: string
  invitedEmailA: string
  learnerEmailA: string
  orgNameA: string
  teamA: string
}

interface Route {
  name: string
  /** Its file under server/api/orgs/[orgId]. */
  file: string
  method: 'GET' | 'POST' | 'PUT'
  path: (org: string, f: Fixture) => string
  body?: (f: Fixture) => unknown
}

/** Every route under /api/orgs/<orgId>. A test below checks this list against the route files, so none is forgotten. */
const ROUTES: Route[] = [
  { name: 'dashboard', file: 'index.get.ts', method: 'GET', path: org => `/api/orgs/${org}` },
  { name: 'learners', file: 'learners.get.ts', method: 'GET', path: org => `/api/orgs/${org}/learners?q=` },
  { name: 'report', file: 'report.csv.get.ts', method: 'GET', path: org => `/api/orgs/${org}/report.csv` },
  { name: 'preview', file: 'invitations/preview.post.ts', method: 'POST', path: org => `/api/orgs/${org}/invitations/preview`, body: f => ({ text: f.invitedEmailA }) },
  { name: 'csv', file: 'invitations/csv.post.ts', method: 'POST', path: org => `/api/orgs/${org}/invitations/csv`, body: f => `email\n${f.invitedEmailA}\n` },
  { name: 'invite', file: 'invitations/index.post.ts', method: 'POST', path: org => `/api/orgs/${org}/invitations`, body: () => ({ entries: [{ email: uniqueEmail('matrix') }] }) },
  { name: 'resend', file: 'invitations/[invitationId]/resend.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/invitations/${f.invitationA}/resend` },
  { name: 'resend all', file: 'invitations/resend-all.post.ts', method: 'POST', path: org => `/api/orgs/${org}/invitations/resend-all` },
  { name: 'withdraw', file: 'invitations/[invitationId]/withdraw.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/invitations/${f.invitationA}/withdraw` },
  { name: 'release', file: 'seats/[seatId]/release.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/seats/${f.seatA}/release` },
  { name: 'reminders', file: 'reminders.post.ts', method: 'POST', path: org => `/api/orgs/${org}/reminders`, body: () => ({ audience: 'not_finished' }) },
  { name: 'invite manager', file: 'managers/invitations.post.ts', method: 'POST', path: org => `/api/orgs/${org}/managers/invitations`, body: () => ({ email: uniqueEmail('comanager') }) },
  { name: 'leave', file: 'managers/leave.post.ts', method: 'POST', path: org => `/api/orgs/${org}/managers/leave` },
  { name: 'certificates', file: 'certificates/index.get.ts', method: 'GET', path: org => `/api/orgs/${org}/certificates` },
  { name: 'certificate pdf', file: 'certificates/[code]/pdf.get.ts', method: 'GET', path: org => `/api/orgs/${org}/certificates/K7QX-4MHD-93TR-WE8A/pdf` },
  { name: 'certificates zip', file: 'certificates.zip.get.ts', method: 'GET', path: org => `/api/orgs/${org}/certificates.zip` },
  { name: 'report xlsx', file: 'report.xlsx.get.ts', method: 'GET', path: org => `/api/orgs/${org}/report.xlsx` },
  { name: 'insight', file: 'insight.get.ts', method: 'GET', path: org => `/api/orgs/${org}/insight` },
  { name: 'settings', file: 'settings.put.ts', method: 'PUT', path: org => `/api/orgs/${org}/settings`, body: () => ({ defaultDueWeeks: 4, remindersEnabled: false, reminderDaysBefore: 7, certificateMonths: 12 }) },
  { name: 'seat team and due', file: 'seats/[seatId]/compliance.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/seats/${f.seatA}/compliance`, body: () => ({ team: 'Taken over', due: '2099-01-01' }) },
  { name: 'start refresher', file: 'seats/[seatId]/refresher.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/seats/${f.seatA}/refresher` },
  { name: 'rename team', file: 'teams/[teamId]/rename.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/teams/${f.teamA}/rename`, body: () => ({ name: 'Renamed' }) },
  { name: 'merge team', file: 'teams/[teamId]/merge.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/teams/${f.teamA}/merge`, body: f => ({ into: f.teamA }) },
  { name: 'team due', file: 'teams/[teamId]/due.post.ts', method: 'POST', path: (org, f) => `/api/orgs/${org}/teams/${f.teamA}/due`, body: () => ({ due: 'within 2 weeks' }) },
]

function call(client: Client, route: Route, org: string, f: Fixture) {
  const body = route.body?.(f)
  if (route.method === 'GET') return client.get(route.path(org, f))
  if (typeof body === 'string') return client.request('POST', route.path(org, f), body, { 'content-type': 'text/csv' })
  if (route.method === 'PUT') return client.request('PUT', route.path(org, f), body ?? {})
  return client.post(route.path(org, f), body ?? {})
}

let f: Fixture

beforeAll(async () => {
  const a = await orgWithSeats(5, 'matrix-lead-a')
  const b = await orgWithSeats(5, 'matrix-lead-b')
  const learner = await signedInClient('matrix-learner-a')
  const invitedEmailA = uniqueEmail('matrix-invited-a')
  await invite(a.client, a.orgId, [learner.email, invitedEmailA])
  await learner.client.post('/api/invitations/accept', { token: await invitationToken(learner.email) })
  const [seat] = await testSql()<{ id: string }[]>`select id from seats where assigned_user_id = ${learner.userId} and organisation_id = ${a.orgId}`
  const [org] = await testSql()<{ name: string }[]>`select name from organisations where id = ${a.orgId}`
  const [team] = await testSql()<{ id: string }[]>`insert into teams (organisation_id, name) values (${a.orgId}, 'Matrix team') returning id`
  f = {
    orgA: a.orgId,
    orgB: b.orgId,
    leadA: a.client,
    leadB: b.client,
    learnerA: learner.client,
    outsider: (await signedInClient('matrix-outsider')).client,
    invitationA: (await openInvitationId(a.orgId, invitedEmailA))!,
    seatA: seat!.id,
    invitedEmailA,
    learnerEmailA: learner.email,
    orgNameA: org!.name,
    teamA: team!.id,
  }
})

/** Nothing of organisation A may appear in a refusal. */
function expectNoDataOfA(res: { text: string }) {
  expect(res.text).not.toContain(f.invitedEmailA)
  expect(res.text).not.toContain(f.learnerEmailA)
  expect(res.text).not.toContain(f.orgNameA)
}

describe('the list of organisation routes', () => {
  it('names every route file under server/api/orgs/[orgId]', async () => {
    const { readdirSync } = await import('node:fs')
    const { join, relative } = await import('node:path')
    const root = join(__dirname, '../../../server/api/orgs/[orgId]')
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else files.push(relative(root, join(dir, entry.name)))
      }
    }
    walk(root)
    expect(ROUTES.map(r => r.file).sort()).toEqual(files.sort())
  })
})

describe.each(ROUTES.map(r => [r.name, r] as const))('%s', (_, route) => {
  it('asks a visitor to sign in (401)', async () => {
    const res = await call(new Client(), route, f.orgA, f)
    expect(res.status).toBe(401)
    expectNoDataOfA(res)
  })

  it('answers 404 to a training lead of another organisation, as for an organisation that does not exist', async () => {
    const other = await call(f.leadB, route, f.orgA, f)
    const missing = await call(f.leadB, route, '00000000-0000-4000-8000-000000000000', f)
    const garbage = await call(f.leadB, route, 'not-a-uuid', f)
    expect([other.status, missing.status, garbage.status]).toEqual([404, 404, 404])
    expect(other.json?.message).toBe(missing.json?.message)
    expect(garbage.json?.message).toBe(missing.json?.message)
    expectNoDataOfA(other)
  })

  it('answers 404 to someone outside every organisation', async () => {
    const res = await call(f.outsider, route, f.orgA, f)
    expect(res.status).toBe(404)
    expectNoDataOfA(res)
  })

  it('answers 403 to a learner of the same organisation', async () => {
    const res = await call(f.learnerA, route, f.orgA, f)
    expect(res.status).toBe(403)
    expect(res.text).not.toContain(f.invitedEmailA)
  })
})

describe('ids of one organisation used through another', () => {
  it('cannot reach organisation A\'s invitations or seats from organisation B, and changes nothing in A', async () => {
    const before = await seatCounts(f.orgA)
    for (const path of [
      `/api/orgs/${f.orgB}/invitations/${f.invitationA}/resend`,
      `/api/orgs/${f.orgB}/invitations/${f.invitationA}/withdraw`,
      `/api/orgs/${f.orgB}/seats/${f.seatA}/release`,
      `/api/orgs/${f.orgB}/seats/${f.seatA}/compliance`,
    ]) {
      const res = await f.leadB.post(path)
      expect(res.status, path).toBe(404)
      expectNoDataOfA(res)
    }
    const reminders = await f.leadB.post(`/api/orgs/${f.orgB}/reminders`, { seatIds: [f.seatA] })
    expect(reminders.json.reminded).toBe(0)
    expect(await seatCounts(f.orgA)).toEqual(before)
    expect(await openInvitationId(f.orgA, f.invitedEmailA)).toBe(f.invitationA)
    const [mails] = await testSql()<{ n: number }[]>`select count(*)::int as n from email_outbox where "to" = ${f.learnerEmailA} and template = 'learner-reminder'`
    expect(mails!.n).toBe(0)
  })

  it('shows each lead only their own organisations, learners and report', async () => {
    const mine = await f.leadB.get('/api/orgs')
    expect(mine.json.organisations.map((o: { id: string }) => o.id)).toEqual([f.orgB])
    const learners = await f.leadB.get(`/api/orgs/${f.orgB}/learners?q=${encodeURIComponent(f.invitedEmailA)}`)
    expect(learners.json.total).toBe(0)
    const report = await f.leadB.get(`/api/orgs/${f.orgB}/report.csv`)
    expect(report.status).toBe(200)
    expectNoDataOfA(report)
    // A learner is not a manager: they see no organisations to manage.
    expect((await f.learnerA.get('/api/orgs')).json.organisations).toEqual([])
  })

  it('lets organisation A\'s own lead do what the others could not', async () => {
    expect((await f.leadA.get(`/api/orgs/${f.orgA}`)).status).toBe(200)
    const learners = await f.leadA.get(`/api/orgs/${f.orgA}/learners`)
    expect(learners.json.learners.map((l: { email: string }) => l.email).sort()).toEqual([f.invitedEmailA, f.learnerEmailA].sort())
  })
})
