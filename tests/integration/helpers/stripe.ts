import { randomBytes, randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { expect, inject } from 'vitest'
import type { RecordedRequest } from '../../support/fake-stripe'
import { type Client, signedInClient, testSql } from './client'

const fakeStripeUrl = () => inject('fakeStripeUrl')

/** Every request the server has made to the fake Stripe so far. */
export async function stripeRequests(): Promise<RecordedRequest[]> {
  return (await fetch(`${fakeStripeUrl()}/__fake/requests`)).json()
}

export async function sessionCreatesFor(orderId: string) {
  return (await stripeRequests()).filter(r => r.path === '/v1/checkout/sessions' && (r.params as { client_reference_id?: string }).client_reference_id === orderId)
}

/** Makes the fake Stripe answer the next `count` API requests with a 500. */
export async function failNextStripeRequests(count = 1) {
  await fetch(`${fakeStripeUrl()}/__fake/fail?count=${count}`, { method: 'POST' })
}

export const eventId = () => `evt_test_${randomBytes(10).toString('hex')}`

export interface WebhookOptions {
  secret?: string
  /** Seconds since the epoch the signature claims; Stripe's SDK refuses anything over 300 s old. */
  timestamp?: number
  /** Send this body instead of the one that was signed (a body altered in transit). */
  bodyOverride?: string
  signature?: string | null
}

/** Posts an event to the webhook as Stripe does: signed with the SDK's test helper, and with no Origin header. */
export async function postWebhook(event: object, options: WebhookOptions = {}) {
  const payload = JSON.stringify(event)
  const signature = options.signature !== undefined
    ? options.signature
    : Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? inject('stripeWebhookSecret'), timestamp: options.timestamp })
  const res = await fetch(`${inject('baseUrl')}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) },
    body: options.bodyOverride ?? payload,
  })
  const text = await res.text()
  let json: { outcome?: string, duplicate?: boolean } | null = null
  try {
    json = JSON.parse(text)
  }
  catch { /* not JSON */ }
  return { status: res.status, json, text }
}

export interface PendingOrder {
  orderId: string
  sessionId: string
  totalPence: number
  paymentIntentId: string
  client: Client
  userId: string
  email: string
}

/** A Checkout Session as Stripe would describe it in an event about this order. */
export function sessionObject(order: PendingOrder, overrides: Record<string, unknown> = {}) {
  return {
    id: order.sessionId,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: order.totalPence,
    currency: 'gbp',
    client_reference_id: order.orderId,
    metadata: { order_id: order.orderId },
    payment_intent: order.paymentIntentId,
    invoice: `in_test_${order.orderId.replace(/-/g, '').slice(0, 16)}`,
    ...overrides,
  }
}

export function sessionEvent(type: string, order: PendingOrder, overrides: Record<string, unknown> = {}, id = eventId()) {
  return { id, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object: sessionObject(order, overrides) } }
}

export function refundEvent(order: PendingOrder, amountRefunded: number, id = eventId()) {
  return {
    id,
    object: 'event',
    type: 'charge.refunded',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `ch_test_${order.orderId.slice(0, 8)}`,
        object: 'charge',
        amount: order.totalPence,
        amount_refunded: amountRefunded,
        refunded: amountRefunded >= order.totalPence,
        currency: 'gbp',
        payment_intent: order.paymentIntentId,
        metadata: {},
      },
    },
  }
}

export type CheckoutBody = Record<string, unknown>

export function orgCheckout(quantity: number, extra: CheckoutBody = {}): CheckoutBody {
  return { requestId: randomUUID(), buyingFor: 'organisation', quantity, organisationName: `Test Council ${randomUUID().slice(0, 6)}, Children's Services`, ...extra }
}

export const individualCheckout = (): CheckoutBody => ({ requestId: randomUUID(), buyingFor: 'myself', quantity: 1 })

/** Signs a buyer in and starts a checkout; the order is pending with a session at the fake Stripe. */
export async function pendingOrder(body: CheckoutBody = orgCheckout(60), label = 'buyer'): Promise<PendingOrder> {
  const { client, userId, email } = await signedInClient(label)
  const res = await client.post('/api/checkout/sessions', body)
  expect(res.status, res.text).toBe(201)
  const [row] = await testSql()<{ stripe_checkout_session_id: string, total_pence: number }[]>`
    select stripe_checkout_session_id, total_pence from orders where id = ${res.json.orderId}`
  return {
    orderId: res.json.orderId,
    sessionId: row!.stripe_checkout_session_id,
    totalPence: row!.total_pence,
    paymentIntentId: `pi_test_${randomBytes(8).toString('hex')}`,
    client,
    userId,
    email,
  }
}

/** An organisation order started by a signed-in lead: a new organisation, or one the lead already manages. */
export async function pendingOrgOrder(lead: { client: Client, userId: string, email: string }, quantity: number, organisationId?: string): Promise<PendingOrder> {
  const res = await lead.client.post('/api/checkout/sessions', {
    requestId: randomUUID(),
    buyingFor: 'organisation',
    quantity,
    ...(organisationId ? { organisationId } : { organisationName: `Race Council ${randomUUID().slice(0, 6)}` }),
  })
  expect(res.status, res.text).toBe(201)
  const [row] = await testSql()<{ stripe_checkout_session_id: string, total_pence: number }[]>`select stripe_checkout_session_id, total_pence from orders where id = ${res.json.orderId}`
  return { orderId: res.json.orderId, sessionId: row!.stripe_checkout_session_id, totalPence: row!.total_pence, paymentIntentId: `pi_test_${randomBytes(8).toString('hex')}`, ...lead }
}

export async function orderRow(orderId: string) {
  const [row] = await testSql()<{ status: string, organisation_id: string | null, refunded_pence: number, paid_at: Date | null, stripe_payment_intent_id: string | null }[]>`
    select status, organisation_id, refunded_pence, paid_at, stripe_payment_intent_id from orders where id = ${orderId}`
  return row!
}

/** The order's seats by status, e.g. { available: 58, assigned: 2 }. */
export async function seatsOf(orderId: string): Promise<Record<string, number>> {
  const rows = await testSql()<{ status: string, n: number }[]>`select status, count(*)::int as n from seats where order_id = ${orderId} group by status`
  return Object.fromEntries(rows.map(r => [r.status, r.n]))
}

export async function auditActions(orderId: string) {
  const rows = await testSql()<{ action: string }[]>`select action from audit_log where target_id = ${orderId} order by at, id`
  return rows.map(r => r.action)
}
