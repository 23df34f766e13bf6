import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateCertificateCode } from '../../../shared/certificate-code'
import { Client, PASSWORD, signedInClient, testSql, uniqueEmail } from '../helpers/client'
import { invitationToken, invite, openInvitationId, orgWithSeats, quickSignedInPeople } from '../helpers/orgs'

const PAID_SECTION = 's3-words-and-definitions'

interface Learner { email: string, name: string | null, status: string, progress: number, seatId: string | null, canRelease: boolean, completedAt: string | null }

/**
 * One organisation with people at every stage: two invited, one not started, two in progress (one
 * further on), and one completed. Progress is written straight into the tables the course player fills.
 */
let lead: Awaited<ReturnType<typeof orgWithSeats>>
const people: Record<string, { email: string, userId?: string, client?: Client }> = {}

async function setProgress(userId: string, sectionsDone: number, completed = false) {
  const sql = testSql()
  const { sections, version } = (await (await fetch(`${lead.client.baseUrl}/api/course`)).json()) as { version: number, sections: { id: string }[] }
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, completed_at, last_active_at)
    values (${userId}, ${version}, ${completed ? new Date() : null}, now()) returning id`
  for (const s of sections.slice(0, sectionsDone)) {
    await sql`insert into section_progress (enrolment_id, section_id, status, completed_at) values (${enrolment!.id}, ${s.id}, 'completed', now())`
  }
  return sections.length
}

let sectionCount = 0

beforeAll(async () => {
  lead = await orgWithSeats(10, 'dash-lead')
  const learners = await quickSignedInPeople(4, 'dash')
  const names = ['Zoe Notstarted', 'Amy Partway', 'Bob Further', 'Cal Complete']
  for (const [i, l] of learners.entries()) await testSql()`update users set name = ${names[i]!} where id = ${l.userId}`
  const invited = [uniqueEmail('dash-invited-x'), uniqueEmail('dash-invited-y')]
  await invite(lead.client, lead.orgId, [...learners.map(l => l.email), ...invited])
  for (const l of learners) expect((await l.client.post('/api/invitations/accept', { token: await invitationToken(l.email) })).status).toBe(200)
  const [notStarted, partway, further, complete] = learners as [typeof learners[0], typeof learners[0], typeof learners[0], typeof learners[0]]
  Object.assign(people, { notStarted, partway, further, complete, invitedX: { email: invited[0] }, invitedY: { email: invited[1] } })
  sectionCount = await setProgress(learners[1]!.userId, 1)
  await setProgress(learners[2]!.userId, 3)
  await setProgress(learners[3]!.userId, sectionCount, true)
})

const list = async (query = '') => {
  const res = await lead.client.get(`/api/orgs/${lead.orgId}/learners${query}`)
  expect(res.status, res.text).toBe(200)
  return res.json as { learners: Learner[], total: number, pages: number, page: number }
}

describe('the dashboard', () => {
  it('counts seats and where everyone is, and charts completions by month', async () => {
    const res = await lead.client.get(`/api/orgs/${lead.orgId}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.json.seats).toEqual({ bought: 10, assigned: 4, invited: 2, available: 4 })
    expect(res.json.statuses).toEqual({ invited: 2, not_started: 1, in_progress: 2, overdue: 0, completed: 1, expiring_soon: 0, expired: 0 })
    expect(res.json.completionsByMonth).toHaveLength(12)
    expect(res.json.completionsByMonth.at(-1).completions).toBe(1)
    expect(res.json.completionsByMonth.slice(0, 11).every((m: { completions: number }) => m.completions === 0)).toBe(true)
    expect(res.json.managers).toEqual([expect.objectContaining({ email: lead.email, isYou: true })])
    const orgs = await lead.client.get('/api/orgs')
    expect(orgs.json.organisations[0]).toMatchObject({ id: lead.orgId, dashboardPath: `/org/${lead.orgId}`, learners: { completed: 1, in_progress: 2 } })
  })

  it('lists learners with status and progress, and says which licences can be taken back', async () => {
    const { learners, total } = await list('?sort=name')
    expect(total).toBe(6)
    const byEmail = Object.fromEntries(learners.map(l => [l.email, l]))
    expect(byEmail[people.notStarted!.email]).toMatchObject({ status: 'not_started', progress: 0, canRelease: true })
    expect(byEmail[people.partway!.email]).toMatchObject({ status: 'in_progress', progress: Math.floor(100 / (sectionCount + 1)), canRelease: false })
    expect(byEmail[people.further!.email]).toMatchObject({ status: 'in_progress', progress: Math.floor(300 / (sectionCount + 1)) })
    expect(byEmail[people.complete!.email]).toMatchObject({ status: 'completed', progress: 100 })
    expect(byEmail[people.complete!.email]!.completedAt).toBeTruthy()
    expect(byEmail[people.invitedX!.email]).toMatchObject({ status: 'invited', name: null })
  })

  it('searches, filters, sorts and pages in the database', async () => {
    expect((await list('?q=partway')).learners.map(l => l.name)).toEqual(['Amy Partway'])
    expect((await list(`?q=${encodeURIComponent(people.invitedY!.email.toUpperCase())}`)).learners.map(l => l.email)).toEqual([people.invitedY!.email])
    expect((await list('?q=%25')).total).toBe(0) // a typed % is looked for, not a wildcard
    expect((await list('?q=_')).total).toBe(0)
    expect((await list('?status=in_progress&sort=progress&dir=desc')).learners.map(l => l.name)).toEqual(['Bob Further', 'Amy Partway'])
    expect((await list('?status=invited')).total).toBe(2)
    const byStatus = (await list('?sort=status&dir=desc')).learners.map(l => l.status)
    expect(byStatus).toEqual(['completed', 'in_progress', 'in_progress', 'not_started', 'invited', 'invited'])
    const names = (await list('?sort=name&status=in_progress')).learners.map(l => l.name)
    expect(names).toEqual(['Amy Partway', 'Bob Further'])

    const page1 = await list('?sort=email&pageSize=4&page=1')
    const page2 = await list('?sort=email&pageSize=4&page=2')
    expect([page1.total, page1.pages, page2.learners.length]).toEqual([6, 2, 2])
    const all = [...page1.learners, ...page2.learners].map(l => l.email)
    expect(all).toEqual([...all].sort())
    expect(new Set(all).size).toBe(6)
    const past = await list('?pageSize=4&page=9')
    expect([past.learners.length, past.total]).toEqual([0, 6])
  })

  it('refuses a sort column or filter outside the allow-list, and SQL in the search is only text', async () => {
    for (const query of ['?sort=password_hash', '?sort=name;drop table users', '?dir=sideways', '?status=admin', '?pageSize=1000', '?page=0']) {
      const res = await lead.client.get(`/api/orgs/${lead.orgId}/learners${query}`)
      expect(res.status, query).toBe(400)
    }
    const injection = await list(`?q=${encodeURIComponent('\' or 1=1 --')}`)
    expect(injection.total).toBe(0)
    expect((await testSql()`select 1 from users limit 1`).length).toBe(1)
  })
})

describe('taking licences back', () => {
  it('frees an unstarted learner\'s seat and ends their access; a started learner\'s stays theirs, and the dashboard says why', async () => {
    const [fresh] = await quickSignedInPeople(1, 'release')
    await invite(lead.client, lead.orgId, [fresh!.email])
    await fresh!.client.post('/api/invitations/accept', { token: await invitationToken(fresh!.email) })
    const row = (await list(`?q=${encodeURIComponent(fresh!.email)}`)).learners[0]!
    expect(row.canRelease).toBe(true)
    const released = await lead.client.post(`/api/orgs/${lead.orgId}/seats/${row.seatId}/release`)
    expect(released.status).toBe(200)
    expect((await fresh!.client.get(`/api/course/sections/${PAID_SECTION}`)).status).toBe(403)
    expect((await list(`?q=${encodeURIComponent(fresh!.email)}`)).total).toBe(0)
    expect((await lead.client.get(`/api/orgs/${lead.orgId}`)).json.seats).toMatchObject({ assigned: 4, available: 4 })

    const started = (await list(`?q=${encodeURIComponent(people.partway!.email)}`)).learners[0]!
    const refused = await lead.client.post(`/api/orgs/${lead.orgId}/seats/${started.seatId}/release`)
    expect(refused.status).toBe(409)
    expect(refused.json.message).toMatch(/started the course, so the licence stays theirs/)
    const audit = await testSql()<{ action: string }[]>`select action from audit_log where target_id = ${row.seatId!}`
    expect(audit.map(a => a.action)).toEqual(['seat.released'])
  })
})

describe('reminders', () => {
  it('reach learners who have not finished, at most once a day each, even when asked twice at once', async () => {
    const sql = testSql()
    const count = async (email: string) => (await sql<{ n: number }[]>`select count(*)::int as n from email_outbox where "to" = ${email} and template = 'learner-reminder'`)[0]!.n
    const [a, b] = await Promise.all([
      lead.client.post(`/api/orgs/${lead.orgId}/reminders`, { audience: 'not_finished' }),
      lead.client.post(`/api/orgs/${lead.orgId}/reminders`, { audience: 'not_finished' }),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(a.json.reminded + b.json.reminded).toBe(3)
    for (const p of [people.notStarted!, people.partway!, people.further!]) expect(await count(p.email)).toBe(1)
    expect(await count(people.complete!.email)).toBe(0)
    expect(await count(people.invitedX!.email)).toBe(0)
    const [mail] = await sql<{ subject: string, text: string }[]>`select subject, text from email_outbox where "to" = ${people.partway!.email} and template = 'learner-reminder'`
    expect(mail!.subject).toBe('A reminder to finish Children Missing from Care')
    expect(mail!.text).toContain('/course')

    const seatIds = (await list('?status=in_progress')).learners.map(l => l.seatId!)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/reminders`, { seatIds })).json.reminded).toBe(0)
    // A day later, one more is allowed.
    await sql`update seats set last_reminded_at = last_reminded_at - interval '24 hours 1 second' where assigned_user_id = ${people.partway!.userId!}`
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/reminders`, { seatIds })).json.reminded).toBe(1)
    expect(await count(people.partway!.email)).toBe(2)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/reminders`, { audience: 'not_started' })).json.reminded).toBe(0)
    const audited = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'learner.reminded' and details like ${`%${lead.orgId}%`}`
    expect(audited[0]!.n).toBe(4)
  })
})

describe('the way to certificates and to the dashboard (issue 19 items 9 and 13)', () => {
  it('gives a completed learner\'s row the code of their current certificate, and none once it is revoked', async () => {
    const sql = testSql()
    const code = generateCertificateCode()
    await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
      select e.id, ${code}, 'Cal Complete', 'Children Missing from Care', 90, now(), now() from enrolments e where e.user_id = ${people.complete!.userId!}`
    const rowOf = async () => (await list('?status=completed')).learners.find(l => l.email === people.complete!.email) as Learner & { certificateCode: string | null }
    expect((await rowOf()).certificateCode).toBe(code)
    expect((await lead.client.get(`/api/orgs/${lead.orgId}/certificates/${code}/pdf`)).status).toBe(200)
    await sql`update certificates set revoked_at = now(), revoked_reason = 'test' where code = ${code}`
    expect((await rowOf()).certificateCode).toBeNull()
    expect((await list('?status=in_progress')).learners.every(l => (l as Learner & { certificateCode: string | null }).certificateCode === null)).toBe(true)
  })

  it('tells the pages where a training lead\'s organisation is, and nobody else', async () => {
    expect((await lead.client.get('/api/auth/me')).json.user.organisationPath).toBe(`/org/${lead.orgId}`)
    expect((await people.notStarted!.client!.get('/api/auth/me')).json.user.organisationPath).toBeNull()
  })
})

describe('reminding people who have not started (issue 19 item 12)', () => {
  const invitationMails = async (email: string) => (await testSql()<{ n: number }[]>`select count(*)::int as n from email_outbox where "to" = ${email} and template = 'seat-invitation'`)[0]!.n
  const age = (orgId: string, minutes: number) => testSql()`update invitations set sent_at = sent_at - make_interval(mins => ${minutes}) where organisation_id = ${orgId}`

  it('counts open invitations, sends them again within the spacing, and says why any were skipped', async () => {
    const org = await orgWithSeats(3, 'remind-open')
    const invited = [uniqueEmail('remind-open-a'), uniqueEmail('remind-open-b')]
    await invite(org.client, org.orgId, invited)

    // Just invited: nothing goes again yet, but the lead is told the two people exist and why.
    const fresh = await org.client.post(`/api/orgs/${org.orgId}/reminders`, { audience: 'not_started' })
    expect(fresh.status).toBe(200)
    expect(fresh.json).toEqual({ reminded: 0, invitations: { sent: 0, skipped: { sent_recently: 2, recipient_limit: 0, sender_limit: 0, no_seat: 0 } } })

    await age(org.orgId, 11)
    const later = await org.client.post(`/api/orgs/${org.orgId}/reminders`, { audience: 'not_started' })
    expect(later.json.invitations.sent).toBe(2)
    for (const email of invited) expect(await invitationMails(email)).toBe(2)
    const all = await org.client.post(`/api/orgs/${org.orgId}/invitations/resend-all`, {})
    expect(all.status).toBe(200)
    expect(all.json).toEqual({ sent: 0, skipped: { sent_recently: 2, recipient_limit: 0, sender_limit: 0, no_seat: 0 } })
    const resent = await testSql()<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'invitation.resent' and details like ${`%${org.orgId}%`}`
    expect(resent[0]!.n).toBe(2)
  })

  it('"Resend all" stops at the per-recipient limit for that address only', async () => {
    const org = await orgWithSeats(2, 'resend-all')
    const [a, b] = [uniqueEmail('resend-all-a'), uniqueEmail('resend-all-b')]
    await invite(org.client, org.orgId, [a, b])
    // One address receives at most three resends a day (INVITATION_MAILS_PER_RECIPIENT in email-limits.ts).
    for (let i = 0; i < 3; i++) {
      await age(org.orgId, 11)
      expect((await org.client.post(`/api/orgs/${org.orgId}/invitations/resend-all`, {})).json.sent).toBe(2)
    }
    await age(org.orgId, 11)
    const capped = await org.client.post(`/api/orgs/${org.orgId}/invitations/resend-all`, {})
    expect(capped.json).toEqual({ sent: 0, skipped: { sent_recently: 0, recipient_limit: 2, sender_limit: 0, no_seat: 0 } })
    expect(await invitationMails(a)).toBe(4)
  })
})

describe('the report', () => {
  it('is an RFC 4180 CSV in UTF-8 with a BOM, of this organisation\'s learners only, never cached', async () => {
    const res = await fetch(`${lead.client.baseUrl}/api/orgs/${lead.orgId}/report.csv`, { headers: { cookie: `__Host-session=${lead.client.sessionToken}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="learners-test-council-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    const text = new TextDecoder().decode(bytes)
    expect(text).toMatch(/\r\n$/)
    const rows = parse(text, { bom: true, relax_column_count: false }) as string[][]
    expect(rows[0]).toEqual(['Name', 'Email', 'Team', 'Status', 'Progress (%)', 'Due by', 'Started', 'Completed', 'Certificate current until', 'Final score (%)', 'Certificate code', 'Study time (minutes)', 'Minutes by section', 'Last active', 'Invitation sent', 'Invitation expires', 'Reminders stopped'])
    expect(rows).toHaveLength(1 + 6)
    const complete = rows.find(r => r[1] === people.complete!.email)!
    expect(complete.slice(3, 5)).toEqual(['Completed', '100'])
    expect(complete[7]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(rows.find(r => r[1] === people.invitedX!.email)![3]).toBe('Invited')
    const audit = await testSql()`select 1 from audit_log where action = 'report.downloaded' and target_id = ${lead.orgId}`
    expect(audit.length).toBe(1)
  })

  it('streams a large organisation in name order, every learner once', async () => {
    const big = await orgWithSeats(1200, 'big-lead')
    const emails = Array.from({ length: 1200 }, (_, i) => `bulk.${randomUUID().slice(0, 8)}.${i}@example.org`)
    expect((await big.client.post(`/api/orgs/${big.orgId}/invitations`, { entries: emails.map((email, i) => ({ email, name: `Learner ${String(i).padStart(4, '0')}` })) })).status).toBe(201)
    const res = await big.client.get(`/api/orgs/${big.orgId}/report.csv`)
    const rows = (parse(res.text, { bom: true }) as string[][]).slice(1)
    expect(rows).toHaveLength(1200)
    expect(new Set(rows.map(r => r[1])).size).toBe(1200)
    expect(rows.map(r => r[0])).toEqual(rows.map(r => r[0]).sort())
  })
})

describe('co-managers', () => {
  it('invites another training lead, who accepts; a lead can then leave, but the last one cannot', async () => {
    const org = await orgWithSeats(1, 'co-lead')
    const coEmail = uniqueEmail('co-manager')
    const sent = await org.client.post(`/api/orgs/${org.orgId}/managers/invitations`, { email: ` ${coEmail.toUpperCase()} `, name: 'Cora Co' })
    expect(sent.status).toBe(201)
    expect((await org.client.post(`/api/orgs/${org.orgId}/managers/invitations`, { email: coEmail })).status).toBe(409)
    const dashboard = await org.client.get(`/api/orgs/${org.orgId}`)
    expect(dashboard.json.managerInvitations).toEqual([expect.objectContaining({ email: coEmail, name: 'Cora Co' })])
    // No seat is held for a manager.
    expect(dashboard.json.seats).toMatchObject({ invited: 0, available: 1 })

    const co = new Client()
    const token = await invitationToken(coEmail)
    expect((await co.post('/api/invitations/inspect', { token })).json).toMatchObject({ role: 'manager', mode: 'new_account' })
    const accepted = await co.post('/api/invitations/accept', { token, name: 'Cora Co', password: PASSWORD })
    expect(accepted.json).toMatchObject({ role: 'manager', next: `/org/${org.orgId}` })
    expect((await co.get(`/api/orgs/${org.orgId}`)).status).toBe(200)
    expect((await org.client.post(`/api/orgs/${org.orgId}/managers/invitations`, { email: coEmail })).json.data.code).toBe('already_manager')

    expect((await org.client.post(`/api/orgs/${org.orgId}/managers/leave`)).status).toBe(200)
    expect((await org.client.get(`/api/orgs/${org.orgId}`)).status).toBe(404)
    const last = await co.post(`/api/orgs/${org.orgId}/managers/leave`)
    expect(last.status).toBe(409)
    expect(last.json.message).toMatch(/only training lead/)
    const actions = await testSql()<{ action: string }[]>`select action from audit_log where details like ${`%${org.orgId}%`} order by at, id`
    expect(actions.map(a => a.action)).toEqual(['invitation.sent', 'invitation.accepted', 'membership.manager_left'])
  })

  it('withdraws a co-manager invitation', async () => {
    const org = await orgWithSeats(0, 'co-withdraw')
    const email = uniqueEmail('co-withdrawn')
    await org.client.post(`/api/orgs/${org.orgId}/managers/invitations`, { email })
    const token = await invitationToken(email)
    const id = (await testSql()<{ id: string }[]>`select id from invitations where email = ${email}`)[0]!.id
    expect((await org.client.post(`/api/orgs/${org.orgId}/invitations/${id}/withdraw`)).status).toBe(200)
    expect((await new Client().post('/api/invitations/accept', { token, name: 'No One', password: PASSWORD })).status).toBe(410)
  })
})

describe('an invitation whose licence was refunded', () => {
  it('stays on the dashboard without a licence, and takes a free one when resent', async () => {
    const org = await orgWithSeats(2, 'refund-lead')
    const email = uniqueEmail('refunded')
    await invite(org.client, org.orgId, [email])
    // As the refund webhook does to an invited seat (tested in stripe-webhook.test.ts).
    await testSql()`update seats set status = 'revoked', revoked_at = now(), invited_email = null where organisation_id = ${org.orgId} and status = 'invited'`
    const row = (await org.client.get(`/api/orgs/${org.orgId}/learners`)).json.learners[0]
    expect(row).toMatchObject({ email, status: 'invited', invitation: expect.objectContaining({ seatHeld: false }) })
    // Resends are spaced ten minutes apart (issue 18): this one was sent long ago.
    await testSql()`update invitations set sent_at = sent_at - interval '11 minutes' where email = ${email}`
    const resent = await org.client.post(`/api/orgs/${org.orgId}/invitations/${await openInvitationId(org.orgId, email)}/resend`)
    expect(resent.status).toBe(200)
    expect((await org.client.get(`/api/orgs/${org.orgId}`)).json.seats).toEqual({ bought: 1, assigned: 0, invited: 1, available: 0 })
    const visitor = new Client()
    expect((await visitor.post('/api/invitations/accept', { token: await invitationToken(email), name: 'Ref Und', password: PASSWORD })).status).toBe(200)
    expect((await org.client.get(`/api/orgs/${org.orgId}`)).json.seats).toEqual({ bought: 1, assigned: 1, invited: 0, available: 0 })
  })
})

describe('buying more from the dashboard', () => {
  it('adds the new licences to the same organisation through the same checkout and price rule', async () => {
    const buyer = await signedInClient('buy-more')
    const orgId = (await testSql()<{ id: string }[]>`insert into organisations (name) values ('Buy More Council') returning id`)[0]!.id
    await testSql()`insert into memberships (organisation_id, user_id, role) values (${orgId}, ${buyer.userId}, 'manager')`
    const res = await buyer.client.post('/api/checkout/sessions', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 51, organisationId: orgId })
    expect(res.status).toBe(201)
    const [order] = await testSql()<{ organisation_id: string, unit_price_pence: number, total_pence: number }[]>`select organisation_id, unit_price_pence, total_pence from orders where id = ${res.json.orderId}`
    expect(order).toEqual({ organisation_id: orgId, unit_price_pence: 1200, total_pence: 61200 })
    const stranger = await signedInClient('buy-more-stranger')
    expect((await stranger.client.post('/api/checkout/sessions', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 5, organisationId: orgId })).status).toBe(404)
  })
})
