import { and, eq, isNull } from 'drizzle-orm'
import type Stripe from 'stripe'
import { priceFor } from '#shared/pricing'
import type { CheckoutInput } from '#shared/schemas/checkout'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { checkoutIdempotencyKey, checkoutSessionParams } from '../domain/checkout'
import { DomainError } from '../domain/errors'
import { findAssignedSeat } from './access'
import { writeAudit } from './audit'
import { isManagerOf } from './organisations'

/** Where Checkout Sessions are made: Stripe itself, or the local test checkout when there are no keys. */
export interface CheckoutGateway {
  createSession(params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string): Promise<{ id: string, url: string }>
}

export interface Buyer {
  id: string
  email: string
}

type Order = typeof orders.$inferSelect

function sameRequest(order: Order, input: CheckoutInput) {
  return order.quantity === input.quantity
    && order.kind === (input.buyingFor === 'myself' ? 'individual' : 'organisation')
    && order.organisationId === (input.organisationId ?? null)
    && order.organisationName === (input.organisationName ?? null)
    && order.purchaseOrderRef === (input.purchaseOrderRef || null)
}

/** The order for this request id: created now, or the one an earlier click of the same request made. */
async function findOrCreateOrder(db: Db, buyer: Buyer, input: CheckoutInput): Promise<Order> {
  const price = priceFor(input.quantity)
  const [created] = await db.insert(orders).values({
    buyerId: buyer.id,
    requestId: input.requestId,
    kind: input.buyingFor === 'myself' ? 'individual' : 'organisation',
    organisationId: input.organisationId ?? null,
    organisationName: input.organisationName ?? null,
    quantity: price.quantity,
    unitPricePence: price.unitPricePence,
    totalPence: price.totalPence,
    currency: price.currency,
    purchaseOrderRef: input.purchaseOrderRef || null,
  }).onConflictDoNothing({ target: [orders.buyerId, orders.requestId] }).returning()
  if (created) {
    await writeAudit(db, {
      actorId: buyer.id,
      action: 'order.created',
      targetType: 'order',
      targetId: created.id,
      details: { quantity: created.quantity, totalPence: created.totalPence, kind: created.kind, organisationId: created.organisationId },
    })
    return created
  }
  const [existing] = await db.select().from(orders).where(and(eq(orders.buyerId, buyer.id), eq(orders.requestId, input.requestId)))
  if (!existing || !sameRequest(existing, input)) {
    throw new DomainError('conflict', 'This purchase was already started with different details. Reload the page and try again.', { code: 'request_reused' })
  }
  return existing
}

/**
 * Starts paying for licences: a pending order priced by the server, then a Checkout Session for it.
 * The same request id (a double click, a retry) always leads to the same order and the same session.
 * Nothing is fulfilled here: only the webhook does that, once Stripe says the money is there.
 */
export async function startCheckout(db: Db, gateway: CheckoutGateway, buyer: Buyer, input: CheckoutInput, siteUrl: string) {
  if (input.organisationId && !(await isManagerOf(db, buyer.id, input.organisationId))) {
    throw new DomainError('not_found', 'You can only buy licences for an organisation you manage.', { code: 'not_manager' })
  }
  if (input.buyingFor === 'myself' && await findAssignedSeat(db, buyer.id)) {
    throw new DomainError('conflict', 'You already have a licence, so you can start the course now. To buy licences for others, buy for your organisation.', { code: 'already_licensed' })
  }
  const order = await findOrCreateOrder(db, buyer, input)
  if (order.checkoutUrl && order.status === 'pending') return { orderId: order.id, url: order.checkoutUrl }
  if (order.status !== 'pending') {
    throw new DomainError('conflict', 'This purchase has already been through checkout. Reload the page to start a new one.', { code: 'order_closed' })
  }

  let session: { id: string, url: string }
  try {
    session = await gateway.createSession(checkoutSessionParams(order, buyer.email, siteUrl), checkoutIdempotencyKey(order.id))
  }
  catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(`Checkout: Stripe did not create a session for order ${order.id}: ${message}`)
    await db.transaction(async (tx) => {
      const [failed] = await tx.update(orders).set({ status: 'failed', closedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending'), isNull(orders.stripeCheckoutSessionId)))
        .returning({ id: orders.id })
      if (failed) await writeAudit(tx, { actorId: buyer.id, action: 'order.checkout_failed', targetType: 'order', targetId: order.id, details: { error: message.slice(0, 500) } })
    })
    throw new DomainError('unavailable', 'We could not reach our payment provider, so nothing has been charged. Please try again in a few minutes.', { code: 'stripe_unavailable' })
  }

  await db.update(orders).set({ stripeCheckoutSessionId: session.id, checkoutUrl: session.url, updatedAt: new Date() })
    .where(eq(orders.id, order.id))
  return { orderId: order.id, url: session.url }
}
