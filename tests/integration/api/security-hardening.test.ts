import { request } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { Client, PASSWORD, seatedClient, sendEvents, signedInClient, testSql, tokenFromLatestEmail, uniqueEmail } from '../helpers/client'
import { signedInAdmin } from '../helpers/admin'
import { completedLearner } from '../helpers/certificates'
import { invite, openInvitationId, orgWithSeats } from '../helpers/orgs'
import { eventId, orderRow, pendingOrgOrder, postWebhook, seatsOf, sessionEvent } from '../helpers/stripe'

const COMPLETED_EVENT = 'checkout.session.completed'

// Issue 18: the abuse paths the red-team pass found, each shown closed through the real server.

/** Sends a body in chunks with no Content-Length (Transfer-Encoding: chunked), as an attacker streaming would. */
function postChunked(path: string, totalBytes: number, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(path, inject('baseUrl'))
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': inject('baseUrl'), ...headers } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end()
    }
    req.write('{"email":"')
    pump()
  })
}

/** A JSON POST with headers fetch() will not send (it always writes its own Host). */
function postWithHeaders(path: string, body: unknown, headers: Record<string, string>): Promise<number> {
  const url = new URL(path, inject('baseUrl'))
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

describe('request bodies are capped as they are read (item 3)', () => {
  it('answers a 2 MB chunked sign-in body with 413', async () => {
    expect(await postChunked('/api/auth/sign-in', 2 * 1024 * 1024)).toBe(413)
  })

  it('answers a declared Content-Length over the limit with 413 before reading', async () => {
    const res = await new Client().post('/api/auth/sign-in', { email: 'a@example.org', password: 'x'.repeat(100 * 1024) })
    expect(res.status).toBe(413)
    expect(res.json.message).toMatch(/too large/)
  })

  it('holds the Stripe webhook to 256 KB even when the body is chunked', async () => {
    expect(await postChunked('/webhooks/stripe', 300 * 1024, { 'stripe-signature': 't=1,v1=abc' })).toBe(413)
  })
})

describe('control characters in text (item 7)', () => {
  it('answers NUL in a name, a search, an answer or a reflection with 400, not 500', async () => {
    const visitor = new Client()
    const signUp = await visitor.post('/api/auth/sign-up', { name: 'Nul\u0000Person', email: uniqueEmail('nul'), password: PASSWORD })
    expect(signUp.status).toBe(400)
    expect(signUp.json.message).toMatch(/control characters/)

    const { client } = await seatedClient('nul-learner')
    const outline = (await client.get('/api/course')).json
    const reflection = await client.post('/api/progress/events', { events: [{ id: crypto.randomUUID(), at: Date.now(), type: 'reflection', reflectionId: 'r-one', text: 'before\u0000after' }] })
    expect(reflection.status).toBe(400)
    const answer = await client.post('/api/progress/events', { events: [{ id: crypto.randomUUID(), at: Date.now(), type: 'answer', activityId: 'a-one', questionId: 'q-one', answer: ['x\u0000'] }] })
    expect(answer.status).toBe(400)
    expect((await client.get(`/api/course/sections/${outline.sections[0].id}`)).status).toBe(200)

    const admin = await signedInAdmin('nul-admin')
    expect((await admin.client.get('/api/admin/users?q=a%00b')).status).toBe(400)
  })

  it('keeps line breaks and tabs in a reflection', async () => {
    const { client } = await seatedClient('lines')
    const [outcome] = await sendEvents(client, [{ type: 'reflection', reflectionId: 'rf-s2-1', text: 'First line\n\tSecond line' }])
    expect(outcome!.status).toBe('applied')
  })
})

describe('sign-in abuse (item 4)', () => {
  it('stops password spraying from one client across many accounts with 429', async () => {
    const sprayer = new Client()
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await sprayer.post('/api/auth/sign-in', { email: uniqueEmail(`spray${i}`), password: 'Summer2026!' })).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual([429, 429])

    // Another client is not held up by it.
    const { email } = await signedInClient('bystander')
    expect((await new Client().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200)
  })

  it('grows the wait after each failure beyond five, rather than locking the owner out', async () => {
    const { email } = await signedInClient('growing')
    const guess = (c: Client, i: number) => c.post('/api/auth/sign-in', { email, password: `wrong guess ${i}` })
    for (let i = 0; i < 5; i++) expect((await guess(new Client(), i)).status).toBe(401)
    const waited = await guess(new Client(), 5)
    expect(waited.status).toBe(429)
    expect(Number(waited.headers.get('retry-after'))).toBeLessThanOrEqual(30)

    await testSql()`update sign_in_failures set at = at - interval '31 seconds' where email_key = ${email}`
    expect((await guess(new Client(), 6)).status).toBe(401)
    const longer = await guess(new Client(), 7)
    expect(longer.status).toBe(429)
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(30)
    expect(Number(longer.headers.get('retry-after'))).toBeLessThanOrEqual(60)
  })

  it('lets a password reset clear the failures, so the owner signs straight in', async () => {
    const { email } = await signedInClient('reset-clears')
    for (let i = 0; i < 5; i++) await new Client().post('/api/auth/sign-in', { email, password: `attacker guess ${i}` })
    const owner = new Client()
    expect((await owner.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(429)
    expect((await owner.post('/api/auth/forgot-password', { email })).status).toBe(202)
    const token = await tokenFromLatestEmail(email, 'Reset your password')
    expect((await owner.post('/api/auth/reset-password', { token, password: 'a brand new passphrase' })).status).toBe(200)
    expect((await owner.post('/api/auth/sign-in', { email, password: 'a brand new passphrase' })).status).toBe(200)
  })

  it('throttles guesses at the current password on change-password', async () => {
    const { client } = await signedInClient('change-guess')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await client.post('/api/auth/change-password', { currentPassword: `guess ${i}`, newPassword: 'another long passphrase' })).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
  })

  it('answers a forgotten-password request in the same time whether or not the address is registered', async () => {
    const { email } = await signedInClient('timing')
    const time = async (address: string) => {
      const started = performance.now()
      expect((await new Client().post('/api/auth/forgot-password', { email: address })).status).toBe(202)
      return performance.now() - started
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      // A fresh link each time: the one-a-minute gap would otherwise make the registered case do less.
      await testSql()`delete from email_tokens where user_id = (select id from users where email = ${email})`
      known.push(await time(email))
      unknown.push(await time(uniqueEmail('nobody')))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
    expect(Math.min(...known, ...unknown)).toBeGreaterThanOrEqual(390)
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(100)
  })
})

describe('email abuse (item 5)', () => {
  it('sends one "you already have an account" email an hour, however many sign-ups name the address', async () => {
    const { email } = await signedInClient('already')
    for (let i = 0; i < 3; i++) expect((await new Client().post('/api/auth/sign-up', { name: 'Some One', email, password: PASSWORD })).status).toBe(202)
    const mails = await testSql()`select 1 from email_outbox where "to" = ${email} and template = 'sign-up-existing'`
    expect(mails).toHaveLength(1)
  })

  it('refuses links in names and organisation names with a clear 400', async () => {
    const signUp = await new Client().post('/api/auth/sign-up', { name: 'Win a prize at evil.example.com', email: uniqueEmail('linky'), password: PASSWORD })
    expect(signUp.status).toBe(400)
    expect(signUp.json.message).toMatch(/web addresses/)
    const lead = await orgWithSeats(1, 'link-lead')
    const manager = await lead.client.post(`/api/orgs/${lead.orgId}/managers/invitations`, { email: uniqueEmail('m'), name: 'see https://evil.example/x' })
    expect(manager.status).toBe(400)
    const csv = `email,name\n${uniqueEmail('csv-link')},Click evil.example.com/win\n`
    const preview = await lead.client.request('POST', `/api/orgs/${lead.orgId}/invitations/csv`, csv, { 'content-type': 'text/csv' })
    expect(preview.status).toBe(200)
    expect(preview.json.plan.rows[0]).toMatchObject({ problem: 'invalid_name', message: expect.stringMatching(/web addresses/) })
    const checkout = await lead.client.post('/api/checkout/sessions', { requestId: crypto.randomUUID(), buyingFor: 'organisation', quantity: 5, organisationName: 'www.evil.example' })
    expect(checkout.status).toBe(400)
    expect(checkout.json.message).toMatch(/web addresses/)
  })

  it('caps open co-manager invitations per organisation', async () => {
    const lead = await orgWithSeats(0, 'cap-lead')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await lead.client.post(`/api/orgs/${lead.orgId}/managers/invitations`, { email: uniqueEmail(`co${i}`) })).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201))
    expect(statuses[10]).toBe(422)
  })

  it('limits how many invitations one address gets in a day, from anyone', async () => {
    const target = uniqueEmail('target')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const lead = await orgWithSeats(0, `recipient-lead${i}`)
      statuses.push((await lead.client.post(`/api/orgs/${lead.orgId}/managers/invitations`, { email: target })).status)
    }
    expect(statuses).toEqual([201, 201, 201, 429])
  })

  it('limits co-manager invitations per sender, even when withdrawn in between', async () => {
    const lead = await orgWithSeats(0, 'busy-lead')
    let last = 0
    for (let i = 0; i < 21; i++) {
      const email = uniqueEmail(`sender${i}`)
      const res = await lead.client.post(`/api/orgs/${lead.orgId}/managers/invitations`, { email })
      last = res.status
      if (res.status === 201) await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${res.json.invitationId}/withdraw`)
      else break
    }
    expect(last).toBe(429)
  })

  it('spaces out resends of one invitation', async () => {
    const lead = await orgWithSeats(1, 'resend-lead')
    const email = uniqueEmail('resend')
    await invite(lead.client, lead.orgId, [email])
    const id = await openInvitationId(lead.orgId, email)
    const soon = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${id}/resend`)
    expect(soon.status).toBe(429)
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0)
    await testSql()`update invitations set sent_at = sent_at - interval '11 minutes' where id = ${id!}`
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${id}/resend`)).status).toBe(200)
  })
})

describe('fail closed (item 6)', () => {
  it('never takes an emailed link from the Host header outside development', async () => {
    const { email } = await signedInClient('host-header')
    // The Origin names the same host, as a request crafted by hand (not a browser) would.
    expect(await postWithHeaders('/api/auth/forgot-password', { email }, { 'host': 'evil.example', 'origin': 'http://evil.example' })).toBe(202)
    const [mail] = await testSql()<{ text: string }[]>`select text from email_outbox where "to" = ${email} and template = 'reset-password'`
    expect(mail!.text).not.toContain('evil.example')
  })
})

describe('smaller findings (item 7)', () => {
  it('compares the Origin\'s scheme and port too', async () => {
    const base = new URL(inject('baseUrl'))
    const { client } = await signedInClient('origin')
    const otherScheme = await client.post('/api/auth/sign-out', {}, { origin: `https://${base.host}` })
    expect(otherScheme.status).toBe(403)
    const otherPort = await client.post('/api/auth/sign-out', {}, { origin: `${base.protocol}//${base.hostname}:${Number(base.port) + 1}` })
    expect(otherPort.status).toBe(403)
    expect((await client.get('/api/auth/me')).json.user).not.toBeNull()
  })

  it('never creates an enrolment from a GET: the first save does', async () => {
    const { client, userId } = await seatedClient('get-only')
    const outline = (await client.get('/api/course')).json
    const paid = outline.sections.find((s: { preview: boolean }) => !s.preview).id
    expect((await client.get(`/api/course/sections/${paid}`)).status).toBe(200)
    expect((await client.get('/api/progress')).status).toBe(200)
    expect(await testSql()`select 1 from enrolments where user_id = ${userId}`).toHaveLength(0)
    await sendEvents(client, [{ type: 'position', sectionId: paid, anchor: 'start' }])
    expect(await testSql()`select 1 from enrolments where user_id = ${userId}`).toHaveLength(1)
  })

  it('does not make a lead who left a manager again when an old checkout is paid', async () => {
    const lead = await orgWithSeats(0, 'left-lead')
    const other = await signedInClient('staying-lead')
    await testSql()`insert into memberships (organisation_id, user_id, role) values (${lead.orgId}, ${other.userId}, 'manager')`
    const order = await pendingOrgOrder(lead, 5, lead.orgId)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/managers/leave`)).status).toBe(200)
    expect((await postWebhook(sessionEvent(COMPLETED_EVENT, order))).json?.outcome).toBe('fulfilled')
    expect(await testSql()`select 1 from memberships where organisation_id = ${lead.orgId} and user_id = ${lead.userId}`).toHaveLength(0)
    expect(await seatsOf(order.orderId)).toEqual({ available: 5 })
    expect((await orderRow(order.orderId)).status).toBe('paid')
  })

  it('erases SCORM free text and the earlier name an admin quoted when reissuing a certificate', async () => {
    const admin = await signedInAdmin('erasure-admin')
    const tag = Math.random().toString(36).slice(2, 8)
    const person = await completedLearner(`Jonny Smiht ${tag}`)
    const reissued = await admin.client.post(`/api/admin/certificates/${person.code}/reissue`, { learnerName: `Jonny Smith ${tag}`, reason: `Was spelt Jonny Smiht ${tag} at sign-up` })
    expect(reissued.status, reissued.text).toBe(200)
    const sql = testSql()
    const [pkg] = await sql<{ id: string }[]>`insert into scorm_packages (title, version, schema_version, manifest_identifier, organisation_identifier, sco_identifier, launch_path, files, size_bytes)
      values ('Erasure test', '2004', '2004 4th Edition', 'm', 'o', 's', 'index.html', ${sql.json([])}, 1) returning id`
    const [registration] = await sql<{ id: string }[]>`insert into scorm_registrations (package_id, user_id) values (${pkg!.id}, ${person.userId}) returning id`
    await sql`insert into scorm_attempts (registration_id, number, cmi) values (${registration!.id}, 1, ${sql.json({
      'cmi.suspend_data': `my carer ${tag} said`,
      'cmi.location': `page-${tag}`,
      'cmi.interactions.0.learner_response': `I would call ${tag}`,
      'cmi.score.scaled': '0.8',
    })})`
    expect((await admin.client.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: person.email })).status).toBe(200)
    const [attempt] = await sql<{ cmi: Record<string, string> }[]>`select cmi from scorm_attempts where registration_id = ${registration!.id}`
    expect(attempt!.cmi).toEqual({ 'cmi.score.scaled': '0.8' })
    const stillHeld = await sql`select action from audit_log where details like ${`%${tag}%`}`
    expect(stillHeld).toEqual([])
  })

  it('records a payment dispute and emails the admins', async () => {
    const admin = await signedInAdmin('dispute-admin')
    const lead = await orgWithSeats(0, 'disputed-lead')
    const order = await pendingOrgOrder(lead, 5, lead.orgId)
    await postWebhook(sessionEvent(COMPLETED_EVENT, order))
    const disputeId = `dp_test_${order.orderId.slice(0, 8)}`
    const res = await postWebhook({
      id: eventId(), object: 'event', type: 'charge.dispute.created', created: Math.floor(Date.now() / 1000), livemode: false,
      data: { object: { id: disputeId, object: 'dispute', amount: order.totalPence, currency: 'gbp', status: 'needs_response', reason: 'fraudulent', payment_intent: order.paymentIntentId, charge: 'ch_x' } },
    })
    expect(res.status).toBe(200)
    expect(res.json?.outcome).toBe('dispute_created')
    const audit = await testSql()<{ details: string }[]>`select details from audit_log where target_id = ${order.orderId} and action = 'order.dispute_created'`
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ disputeId, reason: 'fraudulent' })
    const mails = await testSql()<{ subject: string }[]>`select subject from email_outbox where "to" = ${admin.email} and template = 'dispute-alert'`
    expect(mails.map(m => m.subject)).toEqual([`Payment dispute on order ${order.orderId}: needs_response`])
    expect(await seatsOf(order.orderId)).toEqual({ available: 5 })
  })
})
