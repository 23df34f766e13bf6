import { describe, expect, it } from 'vitest'
import { checkoutIdempotencyKey, checkoutSessionParams } from '../../../../server/domain/billing/checkout'
import { testCheckoutEvent, testOutcomesFor } from '../../../../server/domain/billing/test-checkout'

const order = {
  id: '6f1e2d3c-4b5a-4987-8654-3210fedcba98',
  kind: 'organisation' as const,
  quantity: 60,
  unitPricePence: 1200,
  currency: 'gbp',
  organisationName: 'Northshire County Council, Children\'s Services',
  purchaseOrderRef: 'PO-7781',
  reference: 'CMC-2026-00042',
}

describe('the Checkout Session for an order', () => {
  const params = checkoutSessionParams(order, 'lead@northshire.gov.uk', 'https://learn.example.org')

  it('charges the server\'s unit price for a fixed quantity, in pounds, as a one-off payment', () => {
    expect(params.mode).toBe('payment')
    expect(params.line_items).toHaveLength(1)
    const [item] = params.line_items!
    expect(item!.quantity).toBe(60)
    expect(item!.price_data).toMatchObject({ currency: 'gbp', unit_amount: 1200 })
    expect(item!.adjustable_quantity).toBeUndefined()
  })

  it('carries the order id wherever Stripe will hand it back', () => {
    expect(params.client_reference_id).toBe(order.id)
    expect(params.metadata).toMatchObject({ order_id: order.id })
    expect(params.payment_intent_data!.metadata).toEqual({ order_id: order.id })
    expect(params.success_url).toBe(`https://learn.example.org/checkout/success?order=${order.id}`)
    expect(params.cancel_url).toBe(`https://learn.example.org/checkout/cancelled?order=${order.id}`)
  })

  it('asks for an invoice with the purchase order on it, sent to the buyer', () => {
    expect(params.customer_email).toBe('lead@northshire.gov.uk')
    expect(params.invoice_creation!.enabled).toBe(true)
    expect(params.invoice_creation!.invoice_data!.custom_fields).toEqual([{ name: 'Purchase order', value: 'PO-7781' }, { name: 'Order', value: 'CMC-2026-00042' }])
    expect(params.invoice_creation!.invoice_data!.description).toContain('Northshire County Council')
  })

  it('leaves the purchase order off when there is none', () => {
    const p = checkoutSessionParams({ ...order, purchaseOrderRef: null }, 'a@b.org', 'https://x.org')
    expect(p.invoice_creation!.invoice_data!.custom_fields).toEqual([{ name: 'Order', value: 'CMC-2026-00042' }])
    expect(p.metadata).not.toHaveProperty('purchase_order_ref')
  })

  it('uses one idempotency key per order', () => {
    expect(checkoutIdempotencyKey(order.id)).toBe(checkoutIdempotencyKey(order.id))
    expect(checkoutIdempotencyKey(order.id)).not.toBe(checkoutIdempotencyKey('another'))
  })
})

describe('the test checkout (no Stripe keys)', () => {
  it.each([
    ['pending', ['pay', 'pay_by_bank', 'expire']],
    ['processing', ['bank_confirms', 'bank_rejects']],
    ['paid', []],
    ['expired', []],
  ] as const)('offers a %s order: %o', (status, outcomes) => {
    expect(testOutcomesFor(status)).toEqual(outcomes)
  })

  it.each([
    ['pay', 'checkout.session.completed', 'paid'],
    ['pay_by_bank', 'checkout.session.completed', 'unpaid'],
    ['bank_confirms', 'checkout.session.async_payment_succeeded', 'paid'],
    ['bank_rejects', 'checkout.session.async_payment_failed', 'unpaid'],
    ['expire', 'checkout.session.expired', 'unpaid'],
  ] as const)('"%s" makes the event Stripe would send: %s, %s', (outcome, type, paymentStatus) => {
    const o = { id: order.id, status: 'pending' as const, totalPence: 72000, currency: 'gbp', stripeCheckoutSessionId: 'cs_test_local_abc' }
    const event = testCheckoutEvent(o, 'lead@x.org', outcome, 'evt_1', new Date(0))
    expect(event).toMatchObject({ id: 'evt_1', type, data: { object: { id: 'cs_test_local_abc', payment_status: paymentStatus, amount_total: 72000, currency: 'gbp', client_reference_id: order.id, metadata: { order_id: order.id } } } })
  })
})
