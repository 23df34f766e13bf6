import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type Client, Client as HttpClient, PASSWORD, signedInClient, testSql, uniqueEmail } from '../helpers/client'
import { addSeats, invitationToken, invite, orgWithSeats, quickSignedInPeople, seatCounts } from '../helpers/orgs'
import { type PendingOrder, pendingOrgOrder, postWebhook, refundEvent, sessionEvent } from '../helpers/stripe'

const PAID_SECTION = 's3-words-and-definitions'

/** A paid order through the real checkout and webhook, for a new organisation or one the lead manages. */
async function paidOrder(lead: { client: Client, userId: string, email: string }, quantity: number, organisationId?: string): Promise<PendingOrder & { organisationId: string }> {
  const order = await pendingOrgOrder(lead, quantity, organisationId)
  expect((await postWebhook(sessionEvent('checkout.session.completed', order))).json?.outcome).toBe('fulfilled')
  const [paid] = await testSql()<{ organisation_id: string }[]>`select organisation_id from orders where id = ${order.orderId}`
  return { ...order, organisationId: paid!.organisation_id }
}

/** The invitation token of each address, from the outbox, in one query. */
async function tokensFor(emails: string[]) {
  const rows = await testSql()<{ to: string, text: string }[]>`select "to", text from email_outbox where template = 'seat-invitation' and "to" = any(${emails}::text[])`
  const byEmail = new Map(rows.map(r => [r.to, r.text.match(/#token=([a-z2-7]+)/)![1]!]))
  return emails.map(e => byEmail.get(e)!)
}

/**
 * 100 open invitations but only 50 free seats: the organisation bought 100 seats, invited 100 people,
 * was refunded in full (the refund withdraws the invited seats, the invitations stay open), then bought 50.
 */
async function fiftySeatsForAHundredInvitations(lead: { client: Client, userId: string, email: string }, emails: string[]) {
  const first = await paidOrder(lead, 100)
  await invite(lead.client, first.organisationId, emails)
  expect((await postWebhook(refundEvent(first, first.totalPence))).json?.outcome).toBe('refunded')
  await paidOrder(lead, 50, first.organisationId)
  expect(await seatCounts(first.organisationId)).toEqual({ available: 50, invited: 0, assigned: 0, revoked: 100 })
  return first.organisationId
}

async function expectExactlyFifty(orgId: string, results: { status: number, json: { data?: { code?: string } } | null }[], winners: string[]) {
  const statuses = results.map(r => r.status)
  expect(statuses.filter(s => s === 200)).toHaveLength(50)
  expect(statuses.filter(s => s === 409)).toHaveLength(50)
  for (const r of results.filter(r => r.status === 409)) expect(r.json?.data?.code).toBe('no_seat')
  expect(await seatCounts(orgId)).toEqual({ available: 0, invited: 0, assigned: 50, revoked: 100 })
  const sql = testSql()
  const holders = await sql<{ email: string }[]>`select u.email from seats s join users u on u.id = s.assigned_user_id where s.organisation_id = ${orgId} and s.status = 'assigned'`
  expect(holders.map(h => h.email).sort()).toEqual([...winners].sort())
  const accepted = await sql<{ email: string }[]>`select email from invitations where organisation_id = ${orgId} and accepted_at is not null`
  expect(accepted.map(a => a.email).sort()).toEqual([...winners].sort())
  const learners = await sql<{ n: number }[]>`select count(*)::int as n from memberships where organisation_id = ${orgId} and role = 'learner'`
  expect(learners[0]!.n).toBe(50)
}

describe('50 free seats and 100 people accepting at once', () => {
  it('gives exactly 50 seats, a clear 409 to the other 50, and leaves nothing half-done (20 rounds)', async () => {
    const lead = await signedInClient('race-lead')
    for (let round = 0; round < 20; round++) {
      const people = await quickSignedInPeople(100, `race${round}`)
      const emails = people.map(p => p.email)
      const orgId = await fiftySeatsForAHundredInvitations(lead, emails)
      const tokens = await tokensFor(emails)
      const results = await Promise.all(people.map((p, i) => p.client.post('/api/invitations/accept', { token: tokens[i] })))
      const winners = emails.filter((_, i) => results[i]!.status === 200)
      await expectExactlyFifty(orgId, results, winners)
      // The losers' invitations are still open: they can accept once the lead buys more.
      const loser = people.findIndex((_, i) => results[i]!.status === 409)
      await addSeats(orgId, 1)
      expect((await people[loser]!.client.post('/api/invitations/accept', { token: tokens[loser] })).status).toBe(200)
    }
  }, 600_000)

  it('creates accounts only for the 50 who got a seat when they sign up through the link (3 rounds)', async () => {
    const lead = await signedInClient('race-lead-signup')
    for (let round = 0; round < 3; round++) {
      const emails = Array.from({ length: 100 }, (_, i) => uniqueEmail(`signup${round}-${i}`))
      const orgId = await fiftySeatsForAHundredInvitations(lead, emails)
      const tokens = await tokensFor(emails)
      const visitors = emails.map(() => new HttpClient())
      const results = await Promise.all(visitors.map((v, i) => v.post('/api/invitations/accept', { token: tokens[i], name: `Racer ${i}`, password: PASSWORD })))
      const winners = emails.filter((_, i) => results[i]!.status === 200)
      await expectExactlyFifty(orgId, results, winners)
      const accounts = await testSql()<{ email: string }[]>`select email from users where email = any(${emails}::text[])`
      expect(accounts.map(a => a.email).sort()).toEqual([...winners].sort())
      const losersSignedIn = await Promise.all(visitors.filter((_, i) => results[i]!.status === 409).map(v => v.get('/api/auth/me')))
      expect(losersSignedIn.every(r => r.json.user === null)).toBe(true)
    }
  }, 600_000)
})

describe('the same link opened twice at once', () => {
  it('gives one seat to a signed-in person, and both tabs succeed (10 rounds)', async () => {
    const lead = await orgWithSeats(20)
    for (let round = 0; round < 10; round++) {
      const [person] = await quickSignedInPeople(1, `twice${round}`)
      await invite(lead.client, lead.orgId, [person!.email])
      const token = await invitationToken(person!.email)
      const results = await Promise.all([0, 1, 2].map(() => person!.client.post('/api/invitations/accept', { token })))
      expect(results.map(r => r.status)).toEqual([200, 200, 200])
      expect(results.filter(r => r.json.alreadyAccepted === false)).toHaveLength(1)
      const held = await testSql()<{ n: number }[]>`select count(*)::int as n from seats where assigned_user_id = ${person!.userId}`
      expect(held[0]!.n).toBe(1)
    }
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 10, available: 10 })
  }, 300_000)

  it('creates one account and one seat when a new person submits twice (10 rounds)', async () => {
    const lead = await orgWithSeats(20)
    for (let round = 0; round < 10; round++) {
      const email = uniqueEmail(`double${round}`)
      await invite(lead.client, lead.orgId, [email])
      const token = await invitationToken(email)
      const results = await Promise.all([0, 1].map(() => new HttpClient().post('/api/invitations/accept', { token, name: 'Double Click', password: PASSWORD })))
      expect(results.map(r => r.status).sort()).toEqual([200, 410])
      expect((await testSql()`select 1 from users where email = ${email}`).length).toBe(1)
    }
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 10, invited: 0, available: 10 })
  }, 300_000)
})

describe('invitations sent at once', () => {
  it('never hold more seats than are free: 100 single invitations for 50 seats, exactly 50 sent (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const lead = await orgWithSeats(50, `inviter${round}`)
      const emails = Array.from({ length: 100 }, (_, i) => uniqueEmail(`burst${round}-${i}`))
      const results = await Promise.all(emails.map(email => lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: [{ email }] })))
      expect(results.filter(r => r.status === 201)).toHaveLength(50)
      expect(results.filter(r => r.status === 422 && r.json.data.plan.rows[0].problem === 'not_enough_seats')).toHaveLength(50)
      expect(await seatCounts(lead.orgId)).toEqual({ available: 0, invited: 50, assigned: 0, revoked: 0 })
      const mails = await testSql()<{ n: number }[]>`select count(*)::int as n from email_outbox where template = 'seat-invitation' and "to" = any(${emails}::text[])`
      expect(mails[0]!.n).toBe(50)
    }
  }, 300_000)
})

describe('taking a seat back while its learner is saving', () => {
  const saveProgress = (client: Client) => client.post('/api/progress/events', {
    events: [{ id: randomUUID(), type: 'position', at: Date.now(), sectionId: PAID_SECTION, anchor: 'start' }],
  })

  it('either the learner started first and keeps the seat, or the seat was freed first and the save is refused (30 rounds)', async () => {
    const lead = await orgWithSeats(30)
    const outcomes = { saved: 0, released: 0 }
    for (let round = 0; round < 30; round++) {
      const [learner] = await quickSignedInPeople(1, `midsave${round}`)
      await invite(lead.client, lead.orgId, [learner!.email])
      await learner!.client.post('/api/invitations/accept', { token: await invitationToken(learner!.email) })
      const [seat] = await testSql()<{ id: string }[]>`select id from seats where assigned_user_id = ${learner!.userId}`
      const [save, release] = await Promise.all([
        saveProgress(learner!.client),
        lead.client.post(`/api/orgs/${lead.orgId}/seats/${seat!.id}/release`),
      ])
      const sql = testSql()
      const enrolments = await sql`select 1 from enrolments where user_id = ${learner!.userId}`
      const [state] = await sql<{ status: string, assigned_user_id: string | null }[]>`select status, assigned_user_id from seats where id = ${seat!.id}`
      if (release.status === 200) {
        outcomes.released++
        expect(save.status).toBe(403)
        expect(enrolments).toHaveLength(0)
        expect(state).toEqual({ status: 'available', assigned_user_id: null })
        expect((await saveProgress(learner!.client)).status).toBe(403)
        expect((await learner!.client.get(`/api/course/sections/${PAID_SECTION}`)).status).toBe(403)
      }
      else {
        outcomes.saved++
        expect(release.status).toBe(409)
        expect(release.json.data.code).toBe('learner_started')
        expect(save.status).toBe(200)
        expect(enrolments).toHaveLength(1)
        expect(state).toEqual({ status: 'assigned', assigned_user_id: learner!.userId })
      }
    }
    expect(outcomes.saved + outcomes.released).toBe(30)
  }, 300_000)
})

describe('training leads leaving', () => {
  it('keeps the last training lead: of two leaving at once, exactly one goes (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const lead = await orgWithSeats(0, `leaver${round}`)
      const [second] = await quickSignedInPeople(1, `coleader${round}`)
      await testSql()`insert into memberships (organisation_id, user_id, role) values (${lead.orgId}, ${second!.userId}, 'manager')`
      const results = await Promise.all([lead.client, second!.client].map(c => c.post(`/api/orgs/${lead.orgId}/managers/leave`)))
      expect(results.map(r => r.status).sort()).toEqual([200, 409])
      expect(results.find(r => r.status === 409)!.json.data.code).toBe('last_manager')
      const managers = await testSql()<{ n: number }[]>`select count(*)::int as n from memberships where organisation_id = ${lead.orgId} and role = 'manager'`
      expect(managers[0]!.n).toBe(1)
    }
  }, 120_000)
})
