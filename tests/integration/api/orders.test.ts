import { describe, expect, it } from 'vitest'
import { Client, signedInClient, testSql } from '../helpers/client'
import { individualCheckout, orgCheckout, pendingOrder, postWebhook, refundEvent, sessionEvent } from '../helpers/stripe'

const PAID_SECTION = 's3-words-and-definitions'

describe('the order behind the success page', () => {
  it('shows the buyer their order as it really stands: pending until the webhook, then paid with its seats', async () => {
    const order = await pendingOrder(orgCheckout(60, { purchaseOrderRef: 'PO-77' }))
    const before = await order.client.get(`/api/orders/${order.orderId}`)
    expect(before.status).toBe(200)
    expect(before.headers.get('cache-control')).toBe('no-store')
    expect(before.json).toMatchObject({
      id: order.orderId, status: 'pending', kind: 'organisation', quantity: 60, unitPricePence: 1200, totalPence: 72000,
      purchaseOrderRef: 'PO-77', organisationName: expect.stringMatching(/^Test Council/), hasInvoice: false,
      seats: { available: 0, invited: 0, assigned: 0, revoked: 0 },
    })
    expect(before.json.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\//)

    await postWebhook(sessionEvent('checkout.session.completed', order))
    const after = await order.client.get(`/api/orders/${order.orderId}`)
    expect(after.json).toMatchObject({ status: 'paid', hasInvoice: true, checkoutUrl: null, seats: { available: 60, assigned: 0 } })
    expect(after.json.paidAt).toBeTruthy()
    expect(after.json.organisationId).toBeTruthy()
    expect(after.text).not.toMatch(/stripe_|cs_test|pi_test/)
  })

  it('answers 404 for another person\'s order, exactly as for one that does not exist, and 401 to a visitor', async () => {
    const order = await pendingOrder(orgCheckout(5))
    const { client: stranger } = await signedInClient('stranger')
    const theirs = await stranger.get(`/api/orders/${order.orderId}`)
    const missing = await stranger.get('/api/orders/00000000-0000-4000-8000-000000000000')
    const garbage = await stranger.get('/api/orders/not-a-uuid')
    expect([theirs.status, missing.status, garbage.status]).toEqual([404, 404, 404])
    expect(theirs.json.message).toBe(missing.json.message)
    expect(garbage.json.message).toBe(missing.json.message)
    expect(theirs.text).not.toContain('Test Council')
    expect((await new Client().get(`/api/orders/${order.orderId}`)).status).toBe(401)
    expect((await stranger.get(`/api/orders/${order.orderId}/invoice`)).status).toBe(404)
  })

  it('lists only the buyer\'s own orders', async () => {
    const mine = await pendingOrder(orgCheckout(3))
    await pendingOrder(orgCheckout(4))
    const res = await mine.client.get('/api/orders')
    expect(res.status).toBe(200)
    expect(res.json.orders.map((o: { id: string }) => o.id)).toEqual([mine.orderId])
  })

  it('sends the buyer to the invoice Stripe made once the order is paid', async () => {
    const order = await pendingOrder(orgCheckout(3))
    expect((await order.client.get(`/api/orders/${order.orderId}/invoice`)).status).toBe(404)
    await postWebhook(sessionEvent('checkout.session.completed', order))
    const res = await order.client.get(`/api/orders/${order.orderId}/invoice`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^https:\/\/invoice\.stripe\.test\/i\/in_test_/)
  })
})

describe('an individual buying a licence for themselves', () => {
  it('can open a paid section once the payment is confirmed, and not before', async () => {
    const order = await pendingOrder(individualCheckout(), 'carer')
    expect((await order.client.get(`/api/course/sections/${PAID_SECTION}`)).status).toBe(403)
    expect((await postWebhook(sessionEvent('checkout.session.completed', order))).json?.outcome).toBe('fulfilled')
    const res = await order.client.get(`/api/course/sections/${PAID_SECTION}`)
    expect(res.status).toBe(200)
    expect(res.json.body).toBeTruthy()
    const [seat] = await testSql()`select status, assigned_user_id, organisation_id from seats where order_id = ${order.orderId}`
    expect(seat).toEqual({ status: 'assigned', assigned_user_id: order.userId, organisation_id: null })
    // Nobody becomes a training lead by buying for themselves.
    expect(await testSql()`select 1 from memberships where user_id = ${order.userId}`).toHaveLength(0)
  })
})

describe('a training lead\'s organisations', () => {
  it('lists each organisation the user manages with its seat counts, and buying more adds to the same one', async () => {
    const order = await pendingOrder(orgCheckout(60))
    await postWebhook(sessionEvent('checkout.session.completed', order))
    const first = await order.client.get('/api/orgs')
    expect(first.status).toBe(200)
    expect(first.json.organisations).toEqual([{
      id: expect.any(String), name: expect.stringMatching(/^Test Council/),
      seats: { total: 60, available: 60, invited: 0, assigned: 0, revoked: 0 },
      learners: { invited: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, expiring_soon: 0, expired: 0 },
      dashboardPath: `/org/${first.json.organisations[0].id}`,
    }])
    const orgId = first.json.organisations[0].id
    // The receipt leads to the organisation's dashboard.
    const [firstReceipt] = await testSql()<{ text: string }[]>`select text from email_outbox where "to" = ${order.email} and template = 'order-receipt'`
    expect(firstReceipt!.text).toContain(`/org/${orgId}\n`)

    const more = await order.client.post('/api/checkout/sessions', { requestId: crypto.randomUUID(), buyingFor: 'organisation', quantity: 5, organisationId: orgId })
    expect(more.status).toBe(201)
    const [row] = await testSql()<{ stripe_checkout_session_id: string }[]>`select stripe_checkout_session_id from orders where id = ${more.json.orderId}`
    await postWebhook(sessionEvent('checkout.session.completed', { ...order, orderId: more.json.orderId, sessionId: row!.stripe_checkout_session_id, totalPence: 7500, paymentIntentId: `pi_more_${orgId.slice(0, 8)}` }))
    const after = await order.client.get('/api/orgs')
    expect(after.json.organisations).toHaveLength(1)
    expect(after.json.organisations[0].seats).toEqual({ total: 65, available: 65, invited: 0, assigned: 0, revoked: 0 })
    const [receipt] = await testSql()<{ text: string }[]>`select text from email_outbox where "to" = ${order.email} and text like ${`%${more.json.orderId}%`}`
    expect(receipt!.text).toContain(`Organisation: ${first.json.organisations[0].name}`)
    expect(receipt!.text).toMatch(/Your licences are ready for you to give to your staff/)

    const { client: stranger } = await signedInClient('not-a-lead')
    expect((await stranger.get('/api/orgs')).json.organisations).toEqual([])
  })
})

describe('orders for platform admins', () => {
  it('shows every order with its buyer and refunds to an admin, and to nobody else', async () => {
    const order = await pendingOrder(orgCheckout(10))
    await postWebhook(sessionEvent('checkout.session.completed', order))
    await postWebhook(refundEvent(order, 15000))
    expect((await order.client.get('/api/admin/orders')).status).toBe(403)

    const { client: admin, userId } = await signedInClient('admin')
    await testSql()`update users set is_admin = true where id = ${userId}`
    const res = await admin.get('/api/admin/orders')
    expect(res.status).toBe(200)
    const row = res.json.orders.find((o: { id: string }) => o.id === order.orderId)
    expect(row).toMatchObject({ status: 'refunded', refundedPence: 15000, buyerEmail: order.email, seats: { revoked: 10 } })
  })
})
