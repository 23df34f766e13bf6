import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type Stripe from 'stripe'
import { formatPence } from '#shared/pricing'
import type { Db } from '../../db/client'
import { orders, seats, stripeEvents, users } from '../../db/schema'
import { isInvoiceEvent } from '../../domain/billing/billing'
import { decideRefund, decideSessionEvent, isCheckoutEvent, seatsToRevoke, type ChargeFacts } from '../../domain/billing/payments'
import { writeAudit } from '../platform/audit'
import { queueEmail } from '../platform/mail'
import { createSeats, type EventContext, type EventContextNow, ensureOrganisation, receiptEmail } from './fulfilment'
import { applyInvoiceEvent } from './invoices'
import { isUuid } from '#shared/types/params'

export type { EventContext, EventContextNow } from './fulfilment'

type Order = typeof orders.$inferSelect


export interface EventResult {
  duplicate: boolean
  outcome: string
}

const idOf = (ref: string | { id: string } | null | undefined) => (typeof ref === 'string' ? ref : ref?.id) ?? null

/** The Stripe ids an event is about, stored with it so later events (and fulfilment) can find it. */
function eventRefs(event: Stripe.Event) {
  if (isCheckoutEvent(event.type)) {
    const session = event.data.object as Stripe.Checkout.Session
    return { checkoutSessionId: session.id, paymentIntentId: idOf(session.payment_intent) }
  }
  if (event.type === 'charge.refunded') return { checkoutSessionId: null, paymentIntentId: idOf((event.data.object as Stripe.Charge).payment_intent) }
  if (isDisputeEvent(event.type)) return { checkoutSessionId: null, paymentIntentId: idOf((event.data.object as Stripe.Dispute).payment_intent) }
  return { checkoutSessionId: null, paymentIntentId: null }
}

/**
 * Applies one verified Stripe event exactly once. The event is recorded and its effect applied in
 * one transaction: a concurrent copy of the same event waits on the primary key and then finds it
 * recorded; a different event about the same session waits on the order's row lock and then decides
 * from the state the first one left. An error rolls everything back, and Stripe retries.
 */
export async function processStripeEvent(db: Db, event: Stripe.Event, ctx: EventContext): Promise<EventResult> {
  const now = ctx.now ?? new Date()
  return db.transaction(async (tx) => {
    const [recorded] = await tx.insert(stripeEvents)
      .values({ id: event.id, type: event.type, ...eventRefs(event), outcome: 'received', payload: event, receivedAt: now })
      .onConflictDoNothing().returning({ id: stripeEvents.id })
    if (!recorded) return { duplicate: true, outcome: 'duplicate' }
    const outcome = await applyEvent(tx, event, { suspendAfterDays: 14, ...ctx, now })
    await tx.update(stripeEvents).set({ outcome }).where(eq(stripeEvents.id, event.id))
    return { duplicate: false, outcome }
  })
}

async function applyEvent(tx: Db, event: Stripe.Event, ctx: EventContextNow): Promise<string> {
  if (isCheckoutEvent(event.type)) {
    const session = event.data.object as Stripe.Checkout.Session
    const found = await lockOrderForSession(tx, session)
    if (!found.order) return found.reason
    const order = found.order
    const decision = decideSessionEvent(event.type, order, { paymentStatus: session.payment_status, amountTotal: session.amount_total, currency: session.currency })
    switch (decision.action) {
      case 'fulfil':
        await fulfil(tx, order, session, event.id, ctx)
        return 'fulfilled'
      case 'await_payment':
        await setStatus(tx, order, 'processing', event, ctx.now)
        return 'processing'
      case 'fail':
        await setStatus(tx, order, 'failed', event, ctx.now)
        await emailBuyer(tx, order.buyerId, buyer => ({ template: 'payment-failed', name: buyer.name, orderId: order.reference, total: formatPence(order.totalPence), buyLink: `${ctx.siteUrl}/buy` }))
        return 'failed'
      case 'expire':
        await setStatus(tx, order, 'expired', event, ctx.now)
        return 'expired'
      case 'mismatch':
        await reportMismatch(tx, order, event, decision.reason)
        return 'amount_mismatch'
      case 'ignore':
        return `ignored:${decision.reason}`
    }
  }
  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge
    const order = await lockOrderForCharge(tx, charge)
    if (!order) return 'no_order'
    return applyRefund(tx, order, { amountRefunded: charge.amount_refunded, currency: charge.currency }, event, ctx)
  }
  if (isDisputeEvent(event.type)) return recordDispute(tx, event, ctx)
  if (isInvoiceEvent(event.type)) return applyInvoiceEvent(tx, event, ctx)
  return 'ignored:unhandled_type'
}

/** The order a session belongs to (by the order id we gave Stripe, else by session id), locked for this transaction. */
async function lockOrderForSession(tx: Db, session: Stripe.Checkout.Session): Promise<{ order: Order, reason?: undefined } | { order: null, reason: string }> {
  const orderId = session.metadata?.order_id ?? session.client_reference_id
  const where = orderId && isUuid(orderId) ? eq(orders.id, orderId) : eq(orders.stripeCheckoutSessionId, session.id)
  const [order] = await tx.select().from(orders).where(where).for('update')
  if (!order) return { order: null, reason: 'no_order' }
  if (order.stripeCheckoutSessionId && order.stripeCheckoutSessionId !== session.id) {
    console.error(`Stripe webhook: session ${session.id} names order ${order.id}, which belongs to session ${order.stripeCheckoutSessionId}.`)
    return { order: null, reason: 'session_mismatch' }
  }
  if (!order.stripeCheckoutSessionId) {
    // The checkout request stopped before saving the session id (a crash, a timeout): adopt it now.
    await tx.update(orders).set({ stripeCheckoutSessionId: session.id }).where(eq(orders.id, order.id))
  }
  return { order: { ...order, stripeCheckoutSessionId: session.id } }
}

async function lockOrderForCharge(tx: Db, charge: Stripe.Charge): Promise<Order | null> {
  const paymentIntentId = idOf(charge.payment_intent)
  if (paymentIntentId) {
    const [order] = await tx.select().from(orders).where(eq(orders.stripePaymentIntentId, paymentIntentId)).for('update')
    if (order) return order
  }
  const orderId = charge.metadata?.order_id
  if (!orderId || !isUuid(orderId)) return null
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
  return order ?? null
}

async function setStatus(tx: Db, order: Order, status: 'processing' | 'failed' | 'expired', event: Stripe.Event, now: Date) {
  await tx.update(orders).set({ status, updatedAt: now, closedAt: status === 'processing' ? null : now }).where(eq(orders.id, order.id))
  await writeAudit(tx, {
    actorId: null,
    action: `order.${status === 'failed' ? 'payment_failed' : status}`,
    targetType: 'order',
    targetId: order.id,
    details: { from: order.status, stripeEvent: event.id, eventType: event.type },
  })
}

async function reportMismatch(tx: Db, order: Order, event: Stripe.Event, reason: string) {
  console.error(`Stripe webhook: NOT fulfilling order ${order.id} from ${event.id} (${event.type}): ${reason}.`)
  await writeAudit(tx, { actorId: null, action: 'order.payment_mismatch', targetType: 'order', targetId: order.id, details: { reason, stripeEvent: event.id, eventType: event.type, expectedPence: order.totalPence } })
}

/** Marks the order paid and creates its seats (and, for a new organisation, the organisation and its training lead). */
async function fulfil(tx: Db, order: Order, session: Stripe.Checkout.Session, eventId: string, ctx: EventContextNow) {
  const { now } = ctx
  const { organisationId, organisationName } = await ensureOrganisation(tx, order)
  const paymentIntentId = idOf(session.payment_intent)
  await tx.update(orders).set({
    status: 'paid',
    paidAt: now,
    updatedAt: now,
    closedAt: null,
    organisationId,
    stripePaymentIntentId: paymentIntentId,
    stripeInvoiceId: idOf(session.invoice),
  }).where(eq(orders.id, order.id))

  await createSeats(tx, order, organisationId)
  await writeAudit(tx, {
    actorId: null,
    action: 'order.paid',
    targetType: 'order',
    targetId: order.id,
    details: { from: order.status, stripeEvent: eventId, amountPence: order.totalPence, seatsCreated: order.quantity, organisationId },
  })
  await emailBuyer(tx, order.buyerId, buyer => receiptEmail(buyer.name, order, organisationName, organisationId, now, ctx.siteUrl))

  // A refund that overtook this payment's confirmation was recorded but could not apply then: apply it now.
  if (paymentIntentId) {
    const [earlier] = await tx.select({ payload: stripeEvents.payload }).from(stripeEvents)
      .where(and(eq(stripeEvents.paymentIntentId, paymentIntentId), eq(stripeEvents.type, 'charge.refunded')))
      .orderBy(desc(sql`(${stripeEvents.payload}->'data'->'object'->>'amount_refunded')::bigint`)).limit(1)
    if (earlier) {
      const event = earlier.payload as Stripe.Event
      const charge = event.data.object as Stripe.Charge
      const [paid] = await tx.select().from(orders).where(eq(orders.id, order.id))
      await applyRefund(tx, paid!, { amountRefunded: charge.amount_refunded, currency: charge.currency }, event, ctx)
    }
  }
}

/**
 * Records a refund and revokes as many of the order's unheld seats as it pays back; seats learners hold in an
 * organisation stay. A fully refunded individual licence is suspended (its seat revoked): the buyer has their
 * money back, so the paid sections close to them. Their progress and any certificate already earned are kept, so
 * buying again resumes where they were (docs/security.md, "Refunds and disputes").
 */
async function applyRefund(tx: Db, order: Order, charge: ChargeFacts, event: Stripe.Event, ctx: EventContextNow): Promise<string> {
  const decision = decideRefund(order, charge)
  if (decision.action === 'ignore') return `ignored:${decision.reason}`
  if (decision.action === 'mismatch') {
    await reportMismatch(tx, order, event, decision.reason)
    return 'refund_mismatch'
  }
  const [counts] = await tx.select({
    revoked: sql<number>`count(*) filter (where ${seats.status} = 'revoked')::int`,
    unheld: sql<number>`count(*) filter (where ${seats.status} in ('available', 'invited'))::int`,
  }).from(seats).where(eq(seats.orderId, order.id))
  const revoke = seatsToRevoke(decision.licencesRefunded, counts!.revoked, counts!.unheld)
  if (revoke > 0) {
    // Unused seats go first, then open invitations; a seat someone holds is never taken back.
    const victims = tx.select({ id: seats.id }).from(seats)
      .where(and(eq(seats.orderId, order.id), inArray(seats.status, ['available', 'invited'])))
      .orderBy(sql`${seats.status} = 'invited'`, desc(seats.orderSeq)).limit(revoke)
    await tx.update(seats).set({ status: 'revoked', revokedAt: ctx.now, invitedEmail: null })
      .where(and(inArray(seats.id, victims), inArray(seats.status, ['available', 'invited'])))
  }
  let suspended = 0
  if (order.kind === 'individual' && decision.full) {
    const taken = await tx.update(seats).set({ status: 'revoked', revokedAt: ctx.now })
      .where(and(eq(seats.orderId, order.id), eq(seats.status, 'assigned'))).returning({ id: seats.id })
    suspended = taken.length
  }
  await tx.update(orders).set({
    refundedPence: decision.refundedPence,
    refundedAt: ctx.now,
    updatedAt: ctx.now,
    ...(decision.full ? { status: 'refunded' as const } : {}),
  }).where(eq(orders.id, order.id))
  await writeAudit(tx, {
    actorId: null,
    action: decision.full ? 'order.refunded' : 'order.partially_refunded',
    targetType: 'order',
    targetId: order.id,
    details: { refundedPence: decision.refundedPence, previouslyRefundedPence: order.refundedPence, seatsRevoked: revoke + suspended, stripeEvent: event.id },
  })
  await emailBuyer(tx, order.buyerId, buyer => ({ template: 'order-refunded', name: buyer.name, orderId: order.reference, refunded: formatPence(decision.refundedPence - order.refundedPence), licencesRevoked: revoke + suspended, ownLicenceEnded: suspended > 0 }))
  return decision.full ? 'refunded' : 'partially_refunded'
}

const isDisputeEvent = (type: string) => type.startsWith('charge.dispute.')

/**
 * A chargeback (charge.dispute.created, .updated, .closed, .funds_withdrawn, .funds_reinstated) is recorded in the
 * audit log against its order and every platform admin is emailed, through the outbox, so someone answers it in
 * Stripe in time. Licences are left as they are: a dispute may be won, and an admin decides (docs/security.md).
 */
async function recordDispute(tx: Db, event: Stripe.Event, ctx: EventContextNow): Promise<string> {
  const dispute = event.data.object as Stripe.Dispute
  const paymentIntentId = idOf(dispute.payment_intent)
  const [order] = paymentIntentId ? await tx.select().from(orders).where(eq(orders.stripePaymentIntentId, paymentIntentId)) : []
  const suffix = event.type.slice('charge.dispute.'.length)
  await writeAudit(tx, {
    actorId: null,
    action: `order.dispute_${suffix}`,
    targetType: order ? 'order' : 'stripe_dispute',
    targetId: order?.id ?? dispute.id,
    details: { disputeId: dispute.id, status: dispute.status, reason: dispute.reason, amountPence: dispute.amount, currency: dispute.currency, stripeEvent: event.id },
  })
  const [buyer] = order ? await tx.select({ email: users.email }).from(users).where(eq(users.id, order.buyerId)) : []
  const admins = await tx.select({ email: users.email }).from(users).where(and(eq(users.isAdmin, true), isNull(users.erasedAt)))
  for (const admin of admins) {
    await queueEmail(tx, admin.email, {
      template: 'dispute-alert',
      orderId: order?.id ?? 'unknown (no order has this payment)',
      eventType: event.type,
      disputeId: dispute.id,
      status: dispute.status,
      reason: dispute.reason,
      amount: dispute.currency?.toLowerCase() === 'gbp' ? formatPence(dispute.amount) : `${dispute.amount} ${dispute.currency}`,
      buyerEmail: buyer?.email ?? 'unknown',
      adminLink: `${ctx.siteUrl}/admin/orders`,
    })
  }
  return order ? `dispute_${suffix}` : 'dispute_no_order'
}

async function emailBuyer(tx: Db, buyerId: string, mail: (buyer: { name: string }) => Parameters<typeof queueEmail>[2]) {
  const [buyer] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, buyerId))
  if (buyer) await queueEmail(tx, buyer.email, mail(buyer))
}
