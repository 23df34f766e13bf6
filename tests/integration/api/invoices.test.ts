import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signedInAdmin } from '../helpers/admin'
import { type Client, signedInClient, testSql } from '../helpers/client'
import { auditActions, eventId, failNextStripeRequests, orgCheckout, postWebhook, seatsOf, stripeRequests } from '../helpers/stripe'

// Paying by invoice through the real stripe SDK against the local fake Stripe, and every invoice event through the
// signed webhook: duplicated, late and out of order. Quotes hold their price; references stay unique under load.

const REFERENCE = /^CMC-\d{4}-\d{5}$/

interface InvoiceOrder { orderId: string, reference: string, invoiceId: string, totalPence: number, client: Client, email: string, userId: string }

function invoiceCheckout(quantity: number, extra: Record<string, unknown> = {}) {
  return orgCheckout(quantity, { payBy: 'invoice', purchaseOrderRef: `PO-${randomUUID().slice(0, 8)}`, billingEmail: `finance.${randomUUID().slice(0, 6)}@council.example.org`, ...extra })
}

async function invoicedOrder(quantity = 60, label = 'lead'): Promise<InvoiceOrder> {
  const { client, email, userId } = await signedInClient(label)
  const res = await client.post('/api/checkout/sessions', invoiceCheckout(quantity))
  expect(res.status, res.text).toBe(201)
  const [row] = await testSql()<{ stripe_invoice_id: string, total_pence: number, vat_pence: number }[]>`select stripe_invoice_id, total_pence, vat_pence from orders where id = ${res.json.orderId}`
  return { orderId: res.json.orderId, reference: res.json.reference, invoiceId: row!.stripe_invoice_id, totalPence: row!.total_pence + row!.vat_pence, client, email, userId }
}

function invoiceEvent(type: string, order: InvoiceOrder, overrides: Record<string, unknown> = {}, id = eventId()) {
  const paid = type === 'invoice.paid'
  return {
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: order.invoiceId, object: 'invoice', number: order.reference, currency: 'gbp', collection_method: 'send_invoice',
        status: paid ? 'paid' : type === 'invoice.voided' ? 'void' : type === 'invoice.marked_uncollectible' ? 'uncollectible' : 'open',
        total: order.totalPence, amount_due: order.totalPence, amount_paid: paid ? order.totalPence : 0,
        metadata: { order_id: order.orderId, reference: order.reference },
        ...overrides,
      },
    },
  }
}

async function orderOf(orderId: string) {
  const [row] = await testSql()<{ status: string, organisation_id: string | null, paid_at: Date | null, suspended_at: Date | null, invoice_due_at: Date | null, reference: string }[]>`
    select status, organisation_id, paid_at, suspended_at, invoice_due_at, reference from orders where id = ${orderId}`
  return row!
}

/** Gives one seat to a learner, as accepting an invitation would: learners who started keep theirs whatever happens. */
async function assignOneSeat(orderId: string) {
  const { userId } = await signedInClient('learner')
  await testSql()`update seats set status = 'assigned', assigned_user_id = ${userId}, invited_email = null where id = (select id from seats where order_id = ${orderId} and status = 'available' order by order_seq limit 1)`
}

describe('ordering by invoice', () => {
  it('issues a Stripe invoice (send_invoice, due in 30 days, PO as a custom field, one line at the server\'s price) and the 60 licences within the request', async () => {
    const { client, email } = await signedInClient('lead')
    const body = invoiceCheckout(60)
    const res = await client.post('/api/checkout/sessions', body)
    expect(res.status, res.text).toBe(201)
    expect(res.json.reference).toMatch(REFERENCE)
    expect(res.json.url).toMatch(/^https:\/\/invoice\.stripe\.test\/i\/in_fake_/)

    const [order] = await testSql()`select * from orders where id = ${res.json.orderId}`
    expect(order).toMatchObject({ status: 'invoiced', pay_by: 'invoice', quantity: 60, unit_price_pence: 1200, total_pence: 72000, vat_pence: 0, purchase_order_ref: body.purchaseOrderRef, billing_email: body.billingEmail, reference: res.json.reference })
    expect(order!.organisation_id).toBeTruthy()
    // Due 30 days after it was finalised (the fake Stripe's clock), give or take the test's own run time.
    expect(Math.round((new Date(order!.invoice_due_at).getTime() - Date.now()) / 86_400_000)).toBe(30)
    expect(await seatsOf(res.json.orderId)).toEqual({ available: 60 })
    // The lead can invite people as soon as the request answers.
    const orgs = await client.get('/api/orgs')
    expect(orgs.json.organisations[0].seats).toMatchObject({ total: 60, available: 60 })

    const requests = (await stripeRequests()).filter(r => r.idempotencyKey?.endsWith(res.json.orderId))
    expect(requests.map(r => `${r.method} ${r.path.replace(/in_fake_[a-z0-9_]+/, 'ID')}`)).toEqual([
      'POST /v1/customers', 'POST /v1/invoices', 'POST /v1/invoiceitems', 'POST /v1/invoices/ID/finalize', 'POST /v1/invoices/ID/send',
    ])
    expect(requests[0]!.params).toMatchObject({ email: body.billingEmail, name: body.organisationName, metadata: { order_id: res.json.orderId } })
    expect(requests[1]!.params).toMatchObject({
      collection_method: 'send_invoice',
      days_until_due: '30',
      currency: 'gbp',
      number: res.json.reference,
      custom_fields: [{ name: 'Purchase order', value: body.purchaseOrderRef }, { name: 'Order', value: res.json.reference }],
      metadata: { order_id: res.json.orderId, reference: res.json.reference },
      payment_settings: { payment_method_types: ['card', 'customer_balance'] },
    })
    expect(requests[1]!.params).not.toHaveProperty('default_tax_rates')
    expect(requests[2]!.params).toMatchObject({ amount: '72000', currency: 'gbp', description: expect.stringContaining('60 × ') })

    const mails = await testSql()<{ to: string, template: string, text: string }[]>`select "to", template, text from email_outbox where template = 'invoice-issued' and text like ${`%${res.json.reference}%`}`
    expect(mails.map(m => m.to).sort()).toEqual([email, body.billingEmail].sort())
    expect(mails[0]!.text).toContain('Total to pay: £720.00')
    expect(await auditActions(res.json.orderId)).toEqual(['order.created', 'order.invoiced'])

    // GET /api/orders/<id> carries the reference; the UUID stays in the address only.
    const view = await client.get(`/api/orders/${res.json.orderId}`)
    expect(view.json).toMatchObject({ reference: res.json.reference, status: 'invoiced', payBy: 'invoice', invoiceUrl: res.json.url })
  })

  it('gives the same order and invoice to a retry of the same request, and asks Stripe for nothing more', async () => {
    const { client } = await signedInClient('lead')
    const body = invoiceCheckout(10)
    const first = await client.post('/api/checkout/sessions', body)
    const before = (await stripeRequests()).length
    const again = await client.post('/api/checkout/sessions', body)
    expect(again.status).toBe(201)
    expect(again.json).toEqual(first.json)
    expect((await stripeRequests()).length).toBe(before)
    expect(await seatsOf(first.json.orderId)).toEqual({ available: 10 })
  })

  it.each([
    ['no purchase order', { purchaseOrderRef: undefined }, 'purchase order'],
    ['a blank purchase order', { purchaseOrderRef: '   ' }, 'purchase order'],
    ['no billing email', { billingEmail: undefined }, 'email address the invoice'],
    ['a licence for yourself', { buyingFor: 'myself', quantity: 1, organisationName: undefined }, 'for organisations'],
  ])('refuses an invoice order with %s (400), and asks Stripe for nothing', async (_, change, message) => {
    const { client, userId } = await signedInClient('lead')
    const before = (await stripeRequests()).length
    const body = JSON.parse(JSON.stringify({ ...invoiceCheckout(5), ...change }))
    const res = await client.post('/api/checkout/sessions', body)
    expect(res.status).toBe(400)
    expect(res.text).toContain(message)
    expect((await stripeRequests()).length).toBe(before)
    const [n] = await testSql()<{ n: number }[]>`select count(*)::int as n from orders where buyer_id = ${userId}`
    expect(n!.n).toBe(0)
  })

  it('issues nothing when Stripe cannot be reached: a 503, the order failed, no licences', async () => {
    const { client, userId } = await signedInClient('lead')
    await failNextStripeRequests(1)
    const res = await client.post('/api/checkout/sessions', invoiceCheckout(5))
    expect(res.status).toBe(503)
    const [order] = await testSql()<{ id: string, status: string }[]>`select id, status from orders where buyer_id = ${userId}`
    expect(order!.status).toBe('failed')
    expect(await seatsOf(order!.id)).toEqual({})
  })
})

describe('invoice events through the webhook', () => {
  it('invoice.paid marks the order paid once; a duplicate and a late overdue or void change nothing', async () => {
    const order = await invoicedOrder(60)
    const paid = invoiceEvent('invoice.paid', order)
    expect((await postWebhook(paid)).json).toMatchObject({ outcome: 'paid', duplicate: false })
    expect((await postWebhook(paid)).json).toMatchObject({ outcome: 'duplicate', duplicate: true })
    expect((await orderOf(order.orderId)).status).toBe('paid')
    expect((await postWebhook(invoiceEvent('invoice.overdue', order))).json?.outcome).toBe('ignored:already_paid')
    expect((await postWebhook(invoiceEvent('invoice.voided', order))).json?.outcome).toBe('ignored:already_paid')
    expect(await seatsOf(order.orderId)).toEqual({ available: 60 })
    const receipts = await testSql()<{ to: string }[]>`select "to" from email_outbox where template = 'order-receipt' and text like ${`%${order.reference}%`}`
    expect(receipts).toHaveLength(2)
    expect((await auditActions(order.orderId)).filter(a => a === 'order.paid')).toHaveLength(1)
  })

  it('refuses to mark paid an invoice whose total is not what the server charged', async () => {
    const order = await invoicedOrder(5)
    const res = await postWebhook(invoiceEvent('invoice.paid', order, { total: 100, amount_paid: 100 }))
    expect(res.json?.outcome).toBe('amount_mismatch')
    expect((await orderOf(order.orderId)).status).toBe('invoiced')
  })

  it('ignores invoice.finalized (the checkout request already applied it) and an invoice that is not ours', async () => {
    const order = await invoicedOrder(5)
    expect((await postWebhook(invoiceEvent('invoice.finalized', order))).json?.outcome).toBe('ignored:finalised_in_checkout')
    const stranger = await postWebhook(invoiceEvent('invoice.paid', { ...order, orderId: randomUUID(), invoiceId: 'in_someone_else' }))
    expect(stranger.json?.outcome).toBe('no_order')
  })

  it('a failed payment keeps the invoice open and tells the lead and the billing contact', async () => {
    const order = await invoicedOrder(5)
    expect((await postWebhook(invoiceEvent('invoice.payment_failed', order))).json?.outcome).toBe('payment_failed')
    expect((await orderOf(order.orderId)).status).toBe('invoiced')
    const mails = await testSql()`select "to" from email_outbox where template = 'invoice-payment-failed' and text like ${`%${order.reference}%`}`
    expect(mails).toHaveLength(2)
  })

  it('overdue: a reminder at once; once overdue for the set number of days the free licences are suspended, and paying gives them back', async () => {
    const order = await invoicedOrder(10)
    await assignOneSeat(order.orderId)
    // Stripe says overdue on the due date: a reminder, nothing suspended yet.
    expect((await postWebhook(invoiceEvent('invoice.overdue', order))).json?.outcome).toBe('overdue:reminded_overdue')
    expect(await seatsOf(order.orderId)).toEqual({ available: 9, assigned: 1 })
    const reminders = await testSql()`select "to" from email_outbox where template = 'invoice-reminder' and text like ${`%${order.reference}%`}`
    expect(reminders).toHaveLength(2)

    // The invoice fell due 15 days ago (the default suspends after 14): the next overdue event (or the sweep) suspends.
    await testSql()`update orders set invoice_due_at = now() - interval '15 days' where id = ${order.orderId}`
    expect((await postWebhook(invoiceEvent('invoice.overdue', order))).json?.outcome).toBe('overdue:suspended')
    expect(await seatsOf(order.orderId)).toEqual({ revoked: 9, assigned: 1 })
    expect((await postWebhook(invoiceEvent('invoice.overdue', order))).json?.outcome).toBe('overdue:nothing_to_do')

    expect((await postWebhook(invoiceEvent('invoice.paid', order))).json?.outcome).toBe('paid')
    expect(await seatsOf(order.orderId)).toEqual({ available: 9, assigned: 1 })
    expect(await orderOf(order.orderId)).toMatchObject({ status: 'paid', suspended_at: null })
  })

  it.each([
    ['invoice.voided', 'voided'],
    ['invoice.marked_uncollectible', 'uncollectible'],
  ])('%s withdraws the unassigned licences for good; learners who started keep theirs; later events change nothing', async (type, outcome) => {
    const order = await invoicedOrder(8)
    await assignOneSeat(order.orderId)
    const event = invoiceEvent(type, order)
    expect((await postWebhook(event)).json?.outcome).toBe(outcome)
    expect((await postWebhook(event)).json?.duplicate).toBe(true)
    expect(await orderOf(order.orderId)).toMatchObject({ status: 'void' })
    expect(await seatsOf(order.orderId)).toEqual({ revoked: 7, assigned: 1 })
    expect((await postWebhook(invoiceEvent('invoice.paid', order))).json?.outcome).toBe('ignored:already_void')
  })

  it('applies concurrent copies and different events for one invoice under the order\'s row lock, once each', async () => {
    const order = await invoicedOrder(20)
    const paid = invoiceEvent('invoice.paid', order)
    const results = await Promise.all([postWebhook(paid), postWebhook(paid), postWebhook(invoiceEvent('invoice.voided', order)), postWebhook(paid)])
    const outcomes = results.map(r => r.json?.outcome)
    expect(outcomes.filter(o => o === 'duplicate')).toHaveLength(2)
    const status = (await orderOf(order.orderId)).status
    // Whichever came first wins; the other is ignored, never half-applied.
    if (status === 'paid') expect(await seatsOf(order.orderId)).toEqual({ available: 20 })
    else expect(await seatsOf(order.orderId)).toEqual({ revoked: 20 })
  })
})

describe('an admin records an invoice paid out of band', () => {
  it('asks Stripe to mark it paid out of band, audited; only admins', async () => {
    const order = await invoicedOrder(5)
    expect((await order.client.post(`/api/admin/orders/${order.orderId}/mark-paid`, {})).status).toBe(403)
    const admin = await signedInAdmin()
    const res = await admin.client.post(`/api/admin/orders/${order.orderId}/mark-paid`, {})
    expect(res.status, res.text).toBe(200)
    const pay = (await stripeRequests()).filter(r => r.path === `/v1/invoices/${order.invoiceId}/pay`)
    expect(pay).toHaveLength(1)
    expect(pay[0]!.params).toMatchObject({ paid_out_of_band: 'true' })
    const [audit] = await testSql()<{ actor_id: string }[]>`select actor_id from audit_log where target_id = ${order.orderId} and action = 'order.marked_paid_out_of_band'`
    expect(audit!.actor_id).toBe(admin.userId)
    // Stripe then sends invoice.paid, which the webhook applies like any payment.
    expect((await postWebhook(invoiceEvent('invoice.paid', order))).json?.outcome).toBe('paid')
    expect((await admin.client.post(`/api/admin/orders/${order.orderId}/mark-paid`, {})).status).toBe(409)
  })

  it('lists invoices awaiting payment and overdue with days overdue, searchable by reference, and totals what is outstanding', async () => {
    const admin = await signedInAdmin()
    const order = await invoicedOrder(3)
    await testSql()`update orders set invoice_due_at = now() - interval '3 days 1 hour' where id = ${order.orderId}`
    const found = await admin.client.get(`/api/admin/orders?q=${order.reference}&status=overdue&payBy=invoice`)
    expect(found.status, found.text).toBe(200)
    expect(found.json.orders).toEqual([expect.objectContaining({ id: order.orderId, reference: order.reference, payBy: 'invoice', daysOverdue: 3, status: 'invoiced' })])
    const cards = await admin.client.get(`/api/admin/orders?q=${order.reference}&payBy=card`)
    expect(cards.json.orders).toEqual([])
    const overview = await admin.client.get('/api/admin/overview')
    expect(overview.json.outstandingPence).toBeGreaterThanOrEqual(4500)
    expect(overview.json.overduePence).toBeGreaterThanOrEqual(4500)
  })
})

describe('quotes', () => {
  it('stores a quote at today\'s price with its own reference, lists it, and downloads it as a PDF', async () => {
    const { client } = await signedInClient('lead')
    const res = await client.post('/api/quotes', { quantity: 60, organisationName: 'Quote Council' })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ reference: expect.stringMatching(/^CMC-Q-\d{4}-\d{5}$/), quantity: 60, unitPricePence: 1200, totalPence: 72000, vatPence: 0, valid: true })
    expect(Math.round((new Date(res.json.validUntil).getTime() - new Date(res.json.createdAt).getTime()) / 86_400_000)).toBe(30)
    const list = await client.get('/api/quotes')
    expect(list.json.quotes.map((q: { id: string }) => q.id)).toEqual([res.json.id])
    const pdf = await client.get(`/api/quotes/${res.json.id}/pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toContain(`${res.json.reference}.pdf`)
    expect(pdf.text.startsWith('%PDF-1.7')).toBe(true)
    // Someone else's quote is not found.
    const other = await signedInClient('other')
    expect((await other.client.get(`/api/quotes/${res.json.id}/pdf`)).status).toBe(404)
  })

  it('buying from a quote keeps its price for 30 days even if prices change, then refuses it as expired', async () => {
    const { client } = await signedInClient('lead')
    const quote = await client.post('/api/quotes', { quantity: 60, organisationName: 'Held Price Council' })
    // The quote was made when licences were £13.00 each (prices have since changed to today's rule).
    await testSql()`update quotes set unit_price_pence = 1300, total_pence = 78000 where id = ${quote.json.id}`
    const body = invoiceCheckout(60, { organisationName: 'Held Price Council', quoteId: quote.json.id })
    const res = await client.post('/api/checkout/sessions', body)
    expect(res.status, res.text).toBe(201)
    const [order] = await testSql()`select unit_price_pence, total_pence, quote_id from orders where id = ${res.json.orderId}`
    expect(order).toEqual({ unit_price_pence: 1300, total_pence: 78000, quote_id: quote.json.id })
    const item = (await stripeRequests()).find(r => r.path === '/v1/invoiceitems' && r.idempotencyKey?.endsWith(res.json.orderId))
    expect(item!.params).toMatchObject({ amount: '78000' })

    // A different quantity is not this quote.
    const differs = await client.post('/api/checkout/sessions', invoiceCheckout(61, { organisationName: 'Held Price Council', quoteId: quote.json.id }))
    expect(differs.status).toBe(422)

    await testSql()`update quotes set valid_until = now() - interval '1 minute' where id = ${quote.json.id}`
    const late = await client.post('/api/checkout/sessions', invoiceCheckout(60, { organisationName: 'Held Price Council', quoteId: quote.json.id }))
    expect(late.status).toBe(410)
    expect(late.text).toContain('expired')
  })
})

describe('references', () => {
  it('are unique and sequential under concurrent orders', async () => {
    const buyers = await Promise.all(Array.from({ length: 12 }, () => signedInClient('buyer')))
    const results = await Promise.all(buyers.map(b => b.client.post('/api/checkout/sessions', orgCheckout(2))))
    expect(results.map(r => r.status)).toEqual(results.map(() => 201))
    const references = results.map(r => r.json.reference as string)
    expect(new Set(references).size).toBe(references.length)
    for (const r of references) expect(r).toMatch(REFERENCE)
    // Numbers within one year come from one counter: these twelve are twelve distinct numbers, with no repeats
    // in the database either.
    const [dupes] = await testSql()<{ n: number }[]>`select count(*)::int as n from (select reference from orders group by reference having count(*) > 1) d`
    expect(dupes!.n).toBe(0)
  })
})
