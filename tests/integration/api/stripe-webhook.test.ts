import { describe, expect, it } from 'vitest'
import { testSql, uniqueEmail } from '../helpers/client'
import {
  auditActions, eventId, individualCheckout, orderRow, orgCheckout, pendingOrder, postWebhook, refundEvent, seatsOf, sessionEvent, type PendingOrder,
} from '../helpers/stripe'

const COMPLETED = 'checkout.session.completed'

async function recordedEvents(sessionOrIntent: string) {
  return testSql()<{ id: string, type: string, outcome: string }[]>`
    select id, type, outcome from stripe_events where checkout_session_id = ${sessionOrIntent} or payment_intent_id = ${sessionOrIntent} order by received_at, id`
}

async function writesSince(orderId: string) {
  const [row] = await testSql()<{ events: number, audits: number, mails: number }[]>`select
    (select count(*)::int from stripe_events) as events,
    (select count(*)::int from audit_log where target_id = ${orderId}) as audits,
    (select count(*)::int from email_outbox) as mails`
  return row!
}

async function paidOrder(quantity = 60): Promise<PendingOrder> {
  const order = await pendingOrder(orgCheckout(quantity))
  const res = await postWebhook(sessionEvent(COMPLETED, order))
  expect(res.json?.outcome).toBe('fulfilled')
  return order
}

describe('the Stripe webhook refuses anything Stripe did not sign', () => {
  it.each([
    ['no signature', { signature: null }],
    ['a signature made with another secret', { secret: 'whsec_not_the_right_one' }],
    ['a signature over five minutes old', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['a nonsense signature', { signature: 't=1,v1=deadbeef' }],
  ])('answers 400 to an event with %s, and writes nothing', async (_label, options) => {
    const order = await pendingOrder(orgCheckout(5))
    const before = await writesSince(order.orderId)
    const res = await postWebhook(sessionEvent(COMPLETED, order), options)
    expect(res.status).toBe(400)
    expect(await writesSince(order.orderId)).toEqual(before)
    expect((await orderRow(order.orderId)).status).toBe('pending')
    expect(await seatsOf(order.orderId)).toEqual({})
  })

  it('answers 400 when the body was changed after signing (a re-serialised or tampered body)', async () => {
    const order = await pendingOrder(orgCheckout(5))
    const signed = sessionEvent(COMPLETED, order)
    const before = await writesSince(order.orderId)
    for (const body of [JSON.stringify(signed, null, 2), JSON.stringify({ ...signed, id: eventId() })]) {
      const res = await postWebhook(signed, { bodyOverride: body })
      expect(res.status).toBe(400)
    }
    expect(await writesSince(order.orderId)).toEqual(before)
  })

  it('needs no Origin header: Stripe sends none, the signature is the proof', async () => {
    const order = await pendingOrder(orgCheckout(1))
    const res = await postWebhook(sessionEvent(COMPLETED, order))
    expect(res.status).toBe(200)
  })
})

describe('paying for an organisation\'s licences', () => {
  it('fulfils a paid checkout once: the order is paid, 60 seats exist, the buyer leads the new organisation', async () => {
    const order = await pendingOrder(orgCheckout(60, { purchaseOrderRef: 'PO-1' }))
    const res = await postWebhook(sessionEvent(COMPLETED, order))
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ received: true, duplicate: false, outcome: 'fulfilled' })

    const row = await orderRow(order.orderId)
    expect(row.status).toBe('paid')
    expect(row.paid_at).not.toBeNull()
    expect(row.stripe_payment_intent_id).toBe(order.paymentIntentId)
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    const [org] = await testSql()`select o.name, m.role from organisations o join memberships m on m.organisation_id = o.id where o.id = ${row.organisation_id} and m.user_id = ${order.userId}`
    expect(org).toMatchObject({ name: expect.stringMatching(/^Test Council/), role: 'manager' })
    const seatOrgs = await testSql()`select distinct organisation_id from seats where order_id = ${order.orderId}`
    expect(seatOrgs).toEqual([{ organisation_id: row.organisation_id }])
    expect(await auditActions(order.orderId)).toEqual(expect.arrayContaining(['order.created', 'order.paid']))
    const [mail] = await testSql()<{ subject: string, text: string }[]>`select subject, text from email_outbox where "to" = ${order.email} and subject like 'Your receipt%'`
    expect(mail!.text).toMatch(/Licences: 60 at £12\.00 each\nTotal paid: £720\.00/)
    expect(mail!.text).toMatch(/Purchase order: PO-1/)
    expect(await recordedEvents(order.sessionId)).toEqual([{ id: expect.any(String), type: COMPLETED, outcome: 'fulfilled' }])
  })

  it('fulfils once when the same event arrives 10 times, one after another', async () => {
    const order = await pendingOrder(orgCheckout(60))
    const event = sessionEvent(COMPLETED, order)
    const outcomes = []
    for (let i = 0; i < 10; i++) {
      const res = await postWebhook(event)
      expect(res.status).toBe(200)
      outcomes.push(res.json?.outcome)
    }
    expect(outcomes).toEqual(['fulfilled', ...Array(9).fill('duplicate')])
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    expect((await auditActions(order.orderId)).filter(a => a === 'order.paid')).toHaveLength(1)
    expect(await recordedEvents(order.sessionId)).toHaveLength(1)
  })

  it('fulfils once when 10 copies of the same event arrive at the same moment', async () => {
    const order = await pendingOrder(orgCheckout(60))
    const event = sessionEvent(COMPLETED, order)
    const results = await Promise.all(Array.from({ length: 10 }, () => postWebhook(event)))
    for (const res of results) expect(res.status, res.text).toBe(200)
    expect(results.filter(r => r.json?.outcome === 'fulfilled')).toHaveLength(1)
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    const orgs = await testSql()`select organisation_id from memberships where user_id = ${order.userId}`
    expect(orgs).toHaveLength(1)
    const mails = await testSql()`select 1 from email_outbox where "to" = ${order.email} and subject like 'Your receipt%'`
    expect(mails).toHaveLength(1)
  })

  it('fulfils once when Stripe sends two different events for the same session, concurrently (its documented duplicate case)', async () => {
    const order = await pendingOrder(orgCheckout(60))
    const results = await Promise.all(Array.from({ length: 10 }, () => postWebhook(sessionEvent(COMPLETED, order))))
    for (const res of results) expect(res.status, res.text).toBe(200)
    expect(results.map(r => r.json?.outcome).sort()).toEqual(['fulfilled', ...Array(9).fill('ignored:already_fulfilled')])
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    expect(await recordedEvents(order.sessionId)).toHaveLength(10)
  })

  it('fulfils the largest order allowed, 10,000 licences, in one event', async () => {
    const order = await pendingOrder(orgCheckout(10000))
    expect(order.totalPence).toBe(12000000)
    const res = await postWebhook(sessionEvent(COMPLETED, order))
    expect(res.json?.outcome).toBe('fulfilled')
    expect(await seatsOf(order.orderId)).toEqual({ available: 10000 })
    const [range] = await testSql()`select min(order_seq)::int as first, max(order_seq)::int as last from seats where order_id = ${order.orderId}`
    expect(range).toEqual({ first: 1, last: 10000 })
  })

  it('honours a payment that arrives after the checkout was reported expired', async () => {
    const order = await pendingOrder(orgCheckout(20))
    expect((await postWebhook(sessionEvent('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid', payment_intent: null }))).json?.outcome).toBe('expired')
    expect((await orderRow(order.orderId)).status).toBe('expired')
    expect((await postWebhook(sessionEvent(COMPLETED, order))).json?.outcome).toBe('fulfilled')
    expect((await orderRow(order.orderId)).status).toBe('paid')
    expect(await seatsOf(order.orderId)).toEqual({ available: 20 })
  })

  it('ignores an expiry that arrives after the payment', async () => {
    const order = await paidOrder(20)
    const res = await postWebhook(sessionEvent('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid' }))
    expect(res.json?.outcome).toBe('ignored:already_paid')
    expect((await orderRow(order.orderId)).status).toBe('paid')
    expect(await seatsOf(order.orderId)).toEqual({ available: 20 })
  })

  it.each([
    ['completed, expired, completed again', ['completed', 'expired', 'completed']],
    ['expired, completed, completed again', ['expired', 'completed', 'completed']],
    ['completed (unpaid), async succeeded, completed', ['bank', 'succeeded', 'completed']],
    ['async succeeded before completed (unpaid)', ['succeeded', 'bank', 'expired']],
    ['completed, async succeeded, expired', ['completed', 'succeeded', 'expired']],
  ])('ends paid with its seats created once whatever the order of delivery: %s', async (_label, sequence) => {
    const order = await pendingOrder(orgCheckout(7))
    const events: Record<string, () => object> = {
      completed: () => sessionEvent(COMPLETED, order),
      bank: () => sessionEvent(COMPLETED, order, { payment_status: 'unpaid' }),
      succeeded: () => sessionEvent('checkout.session.async_payment_succeeded', order),
      expired: () => sessionEvent('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid', payment_intent: null }),
    }
    for (const step of sequence) expect((await postWebhook(events[step]!())).status).toBe(200)
    expect((await orderRow(order.orderId)).status).toBe('paid')
    expect(await seatsOf(order.orderId)).toEqual({ available: 7 })
    expect((await auditActions(order.orderId)).filter(a => a === 'order.paid')).toHaveLength(1)
  })
})

describe('Bacs Direct Debit: paid later, or not at all', () => {
  it('waits for the money, then fulfils when the async payment succeeds', async () => {
    const order = await pendingOrder(orgCheckout(60))
    expect((await postWebhook(sessionEvent(COMPLETED, order, { payment_status: 'unpaid' }))).json?.outcome).toBe('processing')
    expect((await orderRow(order.orderId)).status).toBe('processing')
    expect(await seatsOf(order.orderId)).toEqual({})
    const res = await postWebhook(sessionEvent('checkout.session.async_payment_succeeded', order))
    expect(res.json?.outcome).toBe('fulfilled')
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    expect(await auditActions(order.orderId)).toEqual(expect.arrayContaining(['order.processing', 'order.paid']))
  })

  it('creates nothing and tells the buyer when the async payment fails', async () => {
    const order = await pendingOrder(orgCheckout(60))
    await postWebhook(sessionEvent(COMPLETED, order, { payment_status: 'unpaid' }))
    const res = await postWebhook(sessionEvent('checkout.session.async_payment_failed', order, { payment_status: 'unpaid' }))
    expect(res.json?.outcome).toBe('failed')
    expect((await orderRow(order.orderId)).status).toBe('failed')
    expect(await seatsOf(order.orderId)).toEqual({})
    const memberships = await testSql()`select 1 from memberships where user_id = ${order.userId}`
    expect(memberships).toHaveLength(0)
    const [mail] = await testSql()`select subject from email_outbox where "to" = ${order.email} and subject = 'Your payment did not go through'`
    expect(mail).toBeTruthy()
    expect(await auditActions(order.orderId)).toContain('order.payment_failed')
  })
})

describe('an expired checkout', () => {
  it('closes the order with no seats', async () => {
    const order = await pendingOrder(orgCheckout(60))
    const res = await postWebhook(sessionEvent('checkout.session.expired', order, { status: 'expired', payment_status: 'unpaid', payment_intent: null }))
    expect(res.json?.outcome).toBe('expired')
    expect((await orderRow(order.orderId)).status).toBe('expired')
    expect(await seatsOf(order.orderId)).toEqual({})
    expect(await auditActions(order.orderId)).toContain('order.expired')
  })
})

describe('a payment that does not match the order', () => {
  it.each([
    ['a smaller amount', { amount_total: 100 }],
    ['a larger amount', { amount_total: 72001 }],
    ['another currency', { currency: 'eur' }],
  ])('fulfils nothing for %s, and logs the mismatch', async (_label, overrides) => {
    const order = await pendingOrder(orgCheckout(60))
    const res = await postWebhook(sessionEvent(COMPLETED, order, overrides))
    expect(res.status).toBe(200)
    expect(res.json?.outcome).toBe('amount_mismatch')
    expect((await orderRow(order.orderId)).status).toBe('pending')
    expect(await seatsOf(order.orderId)).toEqual({})
    const [audit] = await testSql()<{ details: string }[]>`select details from audit_log where target_id = ${order.orderId} and action = 'order.payment_mismatch'`
    expect(JSON.parse(audit!.details)).toMatchObject({ expectedPence: 72000, reason: expect.any(String) })
  })
})

describe('refunds', () => {
  /** Gives `count` of the order's seats to as many different people (one seat per person per organisation). */
  async function assignSeats(orderId: string, count: number) {
    const sql = testSql()
    for (let i = 0; i < count; i++) {
      const email = uniqueEmail(`holder${i}`)
      const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash) values (${email}, 'Seat Holder', 'x') returning id`
      await sql`update seats set status = 'assigned', assigned_user_id = ${user!.id}, invited_email = ${email}
        where id = (select id from seats where order_id = ${orderId} and status = 'available' order by order_seq limit 1)`
    }
  }

  it('revokes the seats nobody holds on a full refund, keeps those in use, and records the refund', async () => {
    const order = await paidOrder(60)
    await assignSeats(order.orderId, 2)
    const res = await postWebhook(refundEvent(order, 72000))
    expect(res.json?.outcome).toBe('refunded')
    const row = await orderRow(order.orderId)
    expect(row).toMatchObject({ status: 'refunded', refunded_pence: 72000 })
    expect(await seatsOf(order.orderId)).toEqual({ assigned: 2, revoked: 58 })
    const [audit] = await testSql()<{ details: string }[]>`select details from audit_log where target_id = ${order.orderId} and action = 'order.refunded'`
    expect(JSON.parse(audit!.details)).toMatchObject({ refundedPence: 72000, seatsRevoked: 58 })
    // The same refund again changes nothing.
    expect((await postWebhook(refundEvent(order, 72000))).json?.outcome).toBe('ignored:already_recorded')
    expect(await seatsOf(order.orderId)).toEqual({ assigned: 2, revoked: 58 })
  })

  it('gives back as many licences as a partial refund pays for, and no more on a repeat', async () => {
    const order = await paidOrder(60)
    expect((await postWebhook(refundEvent(order, 12000))).json?.outcome).toBe('partially_refunded')
    expect(await orderRow(order.orderId)).toMatchObject({ status: 'paid', refunded_pence: 12000 })
    expect(await seatsOf(order.orderId)).toEqual({ available: 50, revoked: 10 })
    expect((await postWebhook(refundEvent(order, 12000))).json?.outcome).toBe('ignored:already_recorded')
    expect((await postWebhook(refundEvent(order, 24000))).json?.outcome).toBe('partially_refunded')
    expect(await seatsOf(order.orderId)).toEqual({ available: 40, revoked: 20 })
  })

  it('applies a refund that arrives before the payment was confirmed, once the payment is', async () => {
    const order = await pendingOrder(orgCheckout(10))
    expect((await postWebhook(refundEvent(order, 15000))).json?.outcome).toBe('no_order')
    expect((await postWebhook(sessionEvent(COMPLETED, order))).json?.outcome).toBe('fulfilled')
    expect(await orderRow(order.orderId)).toMatchObject({ status: 'refunded', refunded_pence: 15000 })
    expect(await seatsOf(order.orderId)).toEqual({ revoked: 10 })
  })

  it('suspends an individual\'s own licence when it is fully refunded, and says so (issue 18)', async () => {
    const order = await pendingOrder(individualCheckout(), 'refunded-carer')
    await postWebhook(sessionEvent(COMPLETED, order))
    const paidSection = (await order.client.get('/api/course')).json.sections.find((s: { preview: boolean }) => !s.preview).id
    expect((await order.client.get(`/api/course/sections/${paidSection}`)).status).toBe(200)
    expect((await postWebhook(refundEvent(order, 1500))).json?.outcome).toBe('refunded')
    expect(await seatsOf(order.orderId)).toEqual({ revoked: 1 })
    const closed = await order.client.get(`/api/course/sections/${paidSection}`)
    expect(closed.status).toBe(403)
    expect(closed.json.data.code).toBe('no_seat')
    const [mail] = await testSql()<{ text: string }[]>`select text from email_outbox where "to" = ${order.email.toLowerCase()} and subject = 'Your refund'`
    expect(mail!.text).toMatch(/Your licence has ended/)
  })

  it('keeps an individual\'s own licence after a partial refund', async () => {
    const order = await pendingOrder(individualCheckout(), 'partly-refunded-carer')
    await postWebhook(sessionEvent(COMPLETED, order))
    expect((await postWebhook(refundEvent(order, 500))).json?.outcome).toBe('partially_refunded')
    expect(await seatsOf(order.orderId)).toEqual({ assigned: 1 })
  })
})

describe('events the webhook does not act on', () => {
  it('records and acknowledges an event type it does not handle', async () => {
    const id = eventId()
    const res = await postWebhook({ id, object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } })
    expect(res.status).toBe(200)
    const [row] = await testSql()`select outcome from stripe_events where id = ${id}`
    expect(row).toEqual({ outcome: 'ignored:unhandled_type' })
  })

  it('acknowledges a session that is not ours', async () => {
    const order = await pendingOrder(orgCheckout(1))
    const res = await postWebhook(sessionEvent(COMPLETED, { ...order, orderId: 'not-an-order', sessionId: 'cs_test_unknown' }, { metadata: {}, client_reference_id: null }))
    expect(res.json?.outcome).toBe('no_order')
    expect((await orderRow(order.orderId)).status).toBe('pending')
  })
})
