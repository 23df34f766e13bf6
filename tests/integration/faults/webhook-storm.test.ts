import { describe, expect, it } from 'vitest'
import { signedInClient, testSql } from '../helpers/client'
import { invitationToken, quickSignedInPeople } from '../helpers/orgs'
import { eventId, pendingOrgOrder, postWebhook, sessionEvent, type PendingOrder } from '../helpers/stripe'

/**
 * A storm of Stripe webhooks, duplicated and out of order, for several orders of one organisation,
 * while its training lead invites people and they accept: each order is fulfilled once, with exactly
 * its seats, and no more seats are ever held (invited or assigned) than the organisation has bought.
 */
const ROUNDS = 5

function shuffle<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Every delivery Stripe might make for an order: the same event several times, and events that cross. */
function deliveriesFor(order: PendingOrder, kind: 'card' | 'bacs' | 'abandoned') {
  const completed = sessionEvent('checkout.session.completed', order, kind === 'bacs' ? { payment_status: 'unpaid' } : {})
  const expired = sessionEvent('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid' })
  if (kind === 'abandoned') return [expired, expired, expired]
  const succeeded = sessionEvent('checkout.session.async_payment_succeeded', order, {}, eventId())
  // A second, distinct `completed` event for the same session (Stripe may resend under a new id after an outage).
  const completedAgain = sessionEvent('checkout.session.completed', order, kind === 'bacs' ? { payment_status: 'unpaid' } : {})
  return [completed, completed, completed, completed, completedAgain, succeeded, succeeded, expired]
}

/** Posts a delivery as Stripe does: a failed one (5xx or no answer) is sent again. */
async function deliver(event: object) {
  for (let attempt = 0; ; attempt++) {
    const res = await postWebhook(event)
    if (res.status < 500 || attempt >= 5) return res
  }
}

async function invariants(orgId: string, paidOrders: { orderId: string, quantity: number }[]) {
  const sql = testSql()
  const bought = paidOrders.reduce((n, o) => n + o.quantity, 0)
  const [seats] = await sql<{ live: number, invited: number, assigned: number, holders: number }[]>`select
    count(*) filter (where status <> 'revoked')::int as live,
    count(*) filter (where status = 'invited')::int as invited,
    count(*) filter (where status = 'assigned')::int as assigned,
    count(distinct assigned_user_id) filter (where status = 'assigned')::int as holders
    from seats where organisation_id = ${orgId}`
  expect(seats!.live).toBe(bought)
  expect(seats!.invited + seats!.assigned).toBeLessThanOrEqual(bought)
  expect(seats!.holders).toBe(seats!.assigned)
  const [invitations] = await sql<{ open: number, accepted: number }[]>`select
    count(*) filter (where accepted_at is null and revoked_at is null)::int as open,
    count(*) filter (where accepted_at is not null)::int as accepted
    from invitations where organisation_id = ${orgId} and role = 'learner'`
  expect(invitations!.open).toBe(seats!.invited)
  expect(invitations!.accepted).toBe(seats!.assigned)
  return seats!
}

describe('duplicated and reordered Stripe webhooks during a seat race', () => {
  it('fulfils each order once and never holds more seats than were bought', async () => {
    const lead = await signedInClient('storm-lead')
    for (let round = 0; round < ROUNDS; round++) {
      // The organisation exists (its first order is paid), with 4 free seats for the race to start on.
      const first = await pendingOrgOrder(lead, 4)
      expect((await postWebhook(sessionEvent('checkout.session.completed', first))).json?.outcome).toBe('fulfilled')
      const [paidFirst] = await testSql()<{ organisation_id: string }[]>`select organisation_id from orders where id = ${first.orderId}`
      const orgId = paidFirst!.organisation_id

      const plan = [
        { quantity: 3, kind: 'card' as const },
        { quantity: 5, kind: 'card' as const },
        { quantity: 2, kind: 'bacs' as const },
        { quantity: 6, kind: 'abandoned' as const },
      ]
      const orders = []
      for (const p of plan) orders.push({ ...p, order: await pendingOrgOrder(lead, p.quantity, orgId) })
      const storm = shuffle(orders.flatMap(o => deliveriesFor(o.order, o.kind)))

      // More people than seats will ever exist, each invited on their own and accepting at once.
      const people = await quickSignedInPeople(30, `storm${round}`)
      const seat = async (person: typeof people[number]) => {
        const invited = await lead.client.post(`/api/orgs/${orgId}/invitations`, { entries: [{ email: person.email }] })
        expect([201, 422], invited.text).toContain(invited.status)
        if (invited.status !== 201) return 'not_invited'
        const accepted = await person.client.post('/api/invitations/accept', { token: await invitationToken(person.email) })
        expect(accepted.status, accepted.text).toBe(200)
        return 'seated'
      }
      // People join the race as the storm goes on (person i once i/30 of its deliveries are answered), so seats
      // are taken while orders are still being fulfilled, however fast or slow the machine is.
      let answered = 0
      const waiting: { count: number, go: () => void }[] = []
      const deliverCounted = async (event: object) => {
        const res = await deliver(event)
        answered++
        for (const w of waiting.filter(w => w.count <= answered)) {
          waiting.splice(waiting.indexOf(w), 1)
          w.go()
        }
        return res
      }
      const stormAnswered = (count: number) => count <= answered ? Promise.resolve() : new Promise<void>(go => waiting.push({ count, go }))
      const race = people.map(async (person, i) => {
        await stormAnswered(Math.floor(i * storm.length / people.length))
        return seat(person)
      })
      const [answers, outcomes] = await Promise.all([Promise.all(storm.map(deliverCounted)), Promise.all(race)])
      // Those turned away while seats were still arriving are invited again once the storm has passed.
      for (const [i, person] of people.entries()) {
        if (outcomes[i] === 'not_invited') outcomes[i] = await seat(person)
      }

      expect(answers.map(a => a.status).filter(s => s !== 200)).toEqual([])
      const paid = [{ orderId: first.orderId, quantity: 4 }, ...orders.filter(o => o.kind !== 'abandoned').map(o => ({ orderId: o.order.orderId, quantity: o.quantity }))]
      const sql = testSql()
      for (const o of orders) {
        const [row] = await sql<{ status: string }[]>`select status from orders where id = ${o.order.orderId}`
        const seats = await sql<{ n: number, seqs: number }[]>`select count(*)::int as n, count(distinct order_seq)::int as seqs from seats where order_id = ${o.order.orderId}`
        const paidAudits = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where target_id = ${o.order.orderId} and action = 'order.paid'`
        if (o.kind === 'abandoned') {
          expect(row!.status).toBe('expired')
          expect(seats[0]!.n).toBe(0)
          expect(paidAudits[0]!.n).toBe(0)
        }
        else {
          expect(row!.status).toBe('paid')
          expect(seats[0]).toEqual({ n: o.quantity, seqs: o.quantity })
          expect(paidAudits[0]!.n).toBe(1)
        }
      }
      // One receipt per paid order, however many times Stripe told us.
      for (const p of paid) {
        const receipts = await sql<{ n: number }[]>`select count(*)::int as n from email_outbox where template = 'order-receipt' and text like ${`%/orders/${p.orderId}%`}`
        expect(receipts[0]!.n).toBe(1)
      }

      const seats = await invariants(orgId, paid)
      // Every seat bought went to someone, and no more than were bought.
      const seated = outcomes.filter(o => o === 'seated').length
      expect(seats.assigned).toBe(seated)
      expect(seated).toBe(Math.min(people.length, 4 + 3 + 5 + 2))
    }
  }, 600_000)
})
