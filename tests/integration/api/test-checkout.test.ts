import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../support/server'
import { signedInClient, testSql } from '../helpers/client'
import { orgCheckout } from '../helpers/stripe'

// A second server on the same database with no Stripe keys: the embedded default of `npm run dev`.
let server: RunningServer
beforeAll(async () => {
  server = await startBuiltServer({
    DATABASE_URL: inject('databaseUrl'),
    NUXT_STRIPE_SECRET_KEY: '',
    NUXT_STRIPE_WEBHOOK_SECRET: '',
    NUXT_STRIPE_API_BASE: '',
  }, '127.0.0.1')
})
afterAll(async () => {
  await server?.stop()
})

async function startTestCheckout(quantity = 60) {
  const buyer = await signedInClient('test-checkout', server.url)
  const res = await buyer.client.post('/api/checkout/sessions', orgCheckout(quantity))
  expect(res.status, res.text).toBe(201)
  expect(res.json.url).toMatch(/^\/checkout\/test\/cs_test_local_[0-9a-f]+$/)
  return { ...buyer, orderId: res.json.orderId as string, api: res.json.url.replace('/checkout/test/', '/api/checkout/test/') as string }
}

describe('the test checkout, with no Stripe keys', () => {
  it('shows the buyer their order and pays it through the real, signed webhook', async () => {
    const buyer = await startTestCheckout(60)
    const page = await buyer.client.get(buyer.api)
    expect(page.status).toBe(200)
    expect(page.json).toMatchObject({ orderId: buyer.orderId, status: 'pending', quantity: 60, totalPence: 72000, outcomes: ['pay', 'pay_by_bank', 'expire'] })

    const pay = await buyer.client.post(buyer.api, { outcome: 'pay' })
    expect(pay.status, pay.text).toBe(200)
    expect(pay.json).toEqual({ orderId: buyer.orderId, outcome: 'fulfilled' })
    const [order] = await testSql()`select status from orders where id = ${buyer.orderId}`
    expect(order).toEqual({ status: 'paid' })
    const [seats] = await testSql()`select count(*)::int as n from seats where order_id = ${buyer.orderId} and status = 'available'`
    expect(seats).toEqual({ n: 60 })
    const events = await testSql()`select id, type, outcome from stripe_events where checkout_session_id = ${buyer.api.split('/').pop()!}`
    expect(events).toEqual([{ id: expect.stringMatching(/^evt_test_local_/), type: 'checkout.session.completed', outcome: 'fulfilled' }])
    // Paying twice is not possible.
    expect((await buyer.client.post(buyer.api, { outcome: 'pay' })).status).toBe(409)
  })

  it('plays a Bacs Direct Debit through: on its way, then confirmed', async () => {
    const buyer = await startTestCheckout(3)
    expect((await buyer.client.post(buyer.api, { outcome: 'pay_by_bank' })).json.outcome).toBe('processing')
    expect((await buyer.client.get(buyer.api)).json.outcomes).toEqual(['bank_confirms', 'bank_rejects'])
    expect((await buyer.client.post(buyer.api, { outcome: 'bank_confirms' })).json.outcome).toBe('fulfilled')
  })

  it('is only for the buyer', async () => {
    const buyer = await startTestCheckout(2)
    const { client: stranger } = await signedInClient('test-stranger', server.url)
    expect((await stranger.get(buyer.api)).status).toBe(404)
    expect((await stranger.post(buyer.api, { outcome: 'pay' })).status).toBe(404)
    const [order] = await testSql()`select status from orders where id = ${buyer.orderId}`
    expect(order).toEqual({ status: 'pending' })
  })

  it('refuses an event signed with any other secret than the one this server made for itself', async () => {
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'customer.created', data: { object: {} } })
    const res = await fetch(`${server.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: inject('stripeWebhookSecret') }) },
      body: payload,
    })
    expect(res.status).toBe(400)
  })

  it('does not exist when Stripe keys are set', async () => {
    const buyer = await startTestCheckout(1)
    const { client } = await signedInClient('keys')
    const path = buyer.api
    expect((await client.get(path)).status).toBe(404)
    expect((await client.post(path, { outcome: 'pay' })).status).toBe(404)
  })
})
