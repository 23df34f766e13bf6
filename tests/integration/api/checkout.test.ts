import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Client, grantSeatTo, signedInClient, testSql } from '../helpers/client'
import { failNextStripeRequests, individualCheckout, orgCheckout, pendingOrder, sessionCreatesFor, stripeRequests } from '../helpers/stripe'

async function orderCount(userId: string) {
  const [row] = await testSql()<{ n: number }[]>`select count(*)::int as n from orders where buyer_id = ${userId}`
  return row!.n
}

describe('starting a checkout', () => {
  it('asks a visitor to sign in first', async () => {
    const res = await new Client().post('/api/checkout/sessions', orgCheckout(5))
    expect(res.status).toBe(401)
  })

  it('creates a pending order and a Checkout Session priced by the server: 60 licences at £12.00', async () => {
    const { client, email, userId } = await signedInClient('lead')
    const body = orgCheckout(60, { purchaseOrderRef: 'PO-2026-0042' })
    const res = await client.post('/api/checkout/sessions', body)
    expect(res.status).toBe(201)
    expect(res.json.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_fake_/)

    const [order] = await testSql()`select * from orders where id = ${res.json.orderId}`
    expect(order).toMatchObject({
      buyer_id: userId, kind: 'organisation', status: 'pending', quantity: 60, unit_price_pence: 1200, total_pence: 72000,
      currency: 'gbp', organisation_id: null, organisation_name: body.organisationName, purchase_order_ref: 'PO-2026-0042',
    })
    expect(order!.stripe_checkout_session_id).toMatch(/^cs_test_fake_/)
    expect(order!.reference).toMatch(/^CMC-\d{4}-\d{5}$/)
    expect(res.json.reference).toBe(order!.reference)

    const [create, ...more] = await sessionCreatesFor(res.json.orderId)
    expect(more).toEqual([])
    expect(create!.method).toBe('POST')
    expect(create!.idempotencyKey).toBe(`checkout-session-${res.json.orderId}`)
    expect(create!.params).toMatchObject({
      mode: 'payment',
      client_reference_id: res.json.orderId,
      metadata: { order_id: res.json.orderId, kind: 'organisation', purchase_order_ref: 'PO-2026-0042' },
      customer_email: email,
      line_items: [{ quantity: '60', price_data: { currency: 'gbp', unit_amount: '1200', product_data: { name: expect.stringContaining('licence') } } }],
      invoice_creation: { enabled: 'true', invoice_data: { custom_fields: [{ name: 'Purchase order', value: 'PO-2026-0042' }, { name: 'Order', value: res.json.reference }], metadata: { order_id: res.json.orderId } } },
      payment_intent_data: { metadata: { order_id: res.json.orderId } },
      success_url: expect.stringMatching(new RegExp(`/checkout/success\\?order=${res.json.orderId}$`)),
      cancel_url: expect.stringMatching(new RegExp(`/checkout/cancelled\\?order=${res.json.orderId}$`)),
    })
    expect((create!.params.line_items as unknown[]).length).toBe(1)
    expect(create!.params.line_items).not.toHaveProperty('0.adjustable_quantity')

    const [audit] = await testSql()`select actor_id, action from audit_log where target_id = ${res.json.orderId}`
    expect(audit).toEqual({ actor_id: userId, action: 'order.created' })
  })

  it('charges £15.00 for one licence for yourself', async () => {
    const order = await pendingOrder(individualCheckout(), 'carer')
    const [create] = await sessionCreatesFor(order.orderId)
    expect(create!.params).toMatchObject({ line_items: [{ quantity: '1', price_data: { currency: 'gbp', unit_amount: '1500' } }] })
    expect(order.totalPence).toBe(1500)
  })

  it.each(['price', 'unit_amount', 'unitPricePence', 'amount', 'totalPence', 'currency', 'price_id'])('refuses a request that sends %s, and asks Stripe for nothing', async (field) => {
    const { client, userId } = await signedInClient('tamperer')
    const before = (await stripeRequests()).length
    const res = await client.post('/api/checkout/sessions', { ...orgCheckout(60), [field]: 1 })
    expect(res.status).toBe(400)
    expect(res.json.message).toMatch(new RegExp(`Unexpected field: ${field}`))
    expect(await orderCount(userId)).toBe(0)
    expect((await stripeRequests()).length).toBe(before)
  })

  it.each([
    ['two licences for yourself', { ...individualCheckout(), quantity: 2 }],
    ['10,001 licences', orgCheckout(10001)],
    ['no licences', orgCheckout(0)],
    ['half a licence', orgCheckout(1.5)],
    ['a quantity as text', orgCheckout('60' as unknown as number)],
    ['no organisation', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 3 }],
    ['malformed JSON', '{"quantity":'],
  ])('answers 400 for %s', async (_label, body) => {
    const { client, userId } = await signedInClient('invalid')
    const res = await client.post('/api/checkout/sessions', body)
    expect(res.status).toBe(400)
    expect(res.json.message).toBeTruthy()
    expect(await orderCount(userId)).toBe(0)
  })

  it('will not sell licences for an organisation the buyer does not manage', async () => {
    const { client, userId } = await signedInClient('outsider')
    const [org] = await testSql()<{ id: string }[]>`insert into organisations (name) values ('Someone Else Council') returning id`
    const res = await client.post('/api/checkout/sessions', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 5, organisationId: org!.id })
    expect(res.status).toBe(404)
    expect(await orderCount(userId)).toBe(0)
  })

  it('sells a manager more licences for their organisation', async () => {
    const { client, userId } = await signedInClient('manager')
    const [org] = await testSql()<{ id: string }[]>`insert into organisations (name) values ('Eastshire Council') returning id`
    await testSql()`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${userId}, 'manager')`
    const res = await client.post('/api/checkout/sessions', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 5, organisationId: org!.id })
    expect(res.status).toBe(201)
    const [order] = await testSql()`select organisation_id, total_pence from orders where id = ${res.json.orderId}`
    expect(order).toEqual({ organisation_id: org!.id, total_pence: 7500 })
  })

  it('tells someone who already holds a licence that they need not buy one', async () => {
    const { client, userId } = await signedInClient('licensed')
    await grantSeatTo(userId)
    const res = await client.post('/api/checkout/sessions', individualCheckout())
    expect(res.status).toBe(409)
    expect(res.json.message).toMatch(/already have a licence/)
  })

  it('makes one order and one Checkout Session however often the same purchase is sent, even all at once', async () => {
    const { client, userId } = await signedInClient('double-clicker')
    const body = orgCheckout(12)
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.post('/api/checkout/sessions', body)))
    responses.push(await client.post('/api/checkout/sessions', body))
    for (const res of responses) expect(res.status, res.text).toBe(201)
    expect(new Set(responses.map(r => r.json.orderId)).size).toBe(1)
    expect(new Set(responses.map(r => r.json.url)).size).toBe(1)
    expect(await orderCount(userId)).toBe(1)
    // Every request to Stripe carried the same idempotency key, so Stripe made one session.
    const creates = await sessionCreatesFor(responses[0]!.json.orderId)
    expect(new Set(creates.map(c => c.idempotencyKey))).toEqual(new Set([`checkout-session-${responses[0]!.json.orderId}`]))
  })

  it('refuses to reuse a request id for a different purchase', async () => {
    const { client } = await signedInClient('reuser')
    const body = orgCheckout(12)
    expect((await client.post('/api/checkout/sessions', body)).status).toBe(201)
    const res = await client.post('/api/checkout/sessions', { ...body, quantity: 13 })
    expect(res.status).toBe(409)
  })

  it('says so clearly when Stripe cannot be reached, and leaves nothing to pay', async () => {
    const { client, userId } = await signedInClient('unlucky')
    await failNextStripeRequests(1)
    const res = await client.post('/api/checkout/sessions', orgCheckout(3))
    expect(res.status).toBe(503)
    expect(res.json.message).toMatch(/could not reach our payment provider/)
    const [order] = await testSql()`select status, stripe_checkout_session_id from orders where buyer_id = ${userId}`
    expect(order).toEqual({ status: 'failed', stripe_checkout_session_id: null })
    const seats = await testSql()`select 1 from seats s join orders o on o.id = s.order_id where o.buyer_id = ${userId}`
    expect(seats.length).toBe(0)
  })

  it('needs the request to come from this site', async () => {
    const { client } = await signedInClient('csrf')
    const res = await client.request('POST', '/api/checkout/sessions', orgCheckout(3), { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
  })
})
