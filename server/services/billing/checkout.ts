import { and, eq, isNull } from 'drizzle-orm'
import type Stripe from 'stripe'
import { priceFor } from '#shared/pricing'
import type { CheckoutInput } from '#shared/types/checkout'
import type { Db } from '../../db/client'
import { orders, quotes } from '../../db/schema'
import { vatFor, type BillingSettings } from '../../domain/billing/billing'
import { checkoutIdempotencyKey, checkoutSessionParams } from '../../domain/billing/checkout'
import { DomainError } from '../../domain/platform/errors'
import { findAssignedSeat } from '../course-progress/access'
import { writeAudit } from '../platform/audit'
import { issueInvoiceOrder, type InvoiceGateway } from './invoices'
import { isManagerOf } from '../organisations/organisations'
import { nextReference } from './references'

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
    // A new organisation is named until it is created (an invoice order creates it at once); then the id is set too.
    && (input.organisationId ? order.organisationId === input.organisationId : order.organisationName === (input.organisationName ?? null))
    && order.purchaseOrderRef === (input.purchaseOrderRef || null)
    && order.payBy === input.payBy
    && order.billingEmail === (input.billingEmail ?? null)
    && order.quoteId === (input.quoteId ?? null)
}

/**
 * The price of this request: the quote's, fixed when it was made, while the quote is valid; otherwise the price
 * rule's (shared/pricing.ts) today. VAT is added at the configured rate for invoices (card orders as before).
 */
async function priceOf(db: Db, buyer: Buyer, input: CheckoutInput, settings: BillingSettings, now: Date) {
  if (!input.quoteId) {
    const price = priceFor(input.quantity)
    return { ...price, vatPence: input.payBy === 'invoice' ? vatFor(price.totalPence, settings.vatBasisPoints) : 0 }
  }
  const [quote] = await db.select().from(quotes).where(and(eq(quotes.id, input.quoteId), eq(quotes.buyerId, buyer.id)))
  if (!quote) throw new DomainError('not_found', 'There is no such quote.', { code: 'no_quote' })
  if (quote.validUntil <= now) throw new DomainError('expired', `Quote ${quote.reference} has expired. Get a new quote for today's price.`, { code: 'quote_expired' })
  const sameOrganisation = input.organisationId ? quote.organisationId === input.organisationId : !quote.organisationId && quote.organisationName === input.organisationName
  if (quote.quantity !== input.quantity || input.buyingFor !== 'organisation' || !sameOrganisation) {
    throw new DomainError('rule', `Quote ${quote.reference} is for ${quote.quantity} licences for ${quote.organisationName}. To buy something else, get a new quote.`, { code: 'quote_differs' })
  }
  return { quantity: quote.quantity, unitPricePence: quote.unitPricePence, totalPence: quote.totalPence, currency: 'gbp' as const, vatPence: input.payBy === 'invoice' ? quote.vatPence : 0 }
}

/** The order for this request id: created now, or the one an earlier click of the same request made. */
async function findOrCreateOrder(db: Db, buyer: Buyer, input: CheckoutInput, settings: BillingSettings, now: Date): Promise<Order> {
  const price = await priceOf(db, buyer, input, settings, now)
  // The reference is taken in the same transaction as the insert; a repeated request id burns a number (a gap).
  const [created] = await db.transaction(async tx => tx.insert(orders).values({
    reference: await nextReference(tx, 'order', settings.referencePrefix, now),
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
    vatPence: price.vatPence,
    payBy: input.payBy,
    billingEmail: input.billingEmail ?? null,
    quoteId: input.quoteId ?? null,
  }).onConflictDoNothing({ target: [orders.buyerId, orders.requestId] }).returning())
  if (created) {
    await writeAudit(db, {
      actorId: buyer.id,
      action: 'order.created',
      targetType: 'order',
      targetId: created.id,
      details: { reference: created.reference, quantity: created.quantity, totalPence: created.totalPence, kind: created.kind, organisationId: created.organisationId, payBy: created.payBy, quote: created.quoteId },
    })
    return created
  }
  const [existing] = await db.select().from(orders).where(and(eq(orders.buyerId, buyer.id), eq(orders.requestId, input.requestId)))
  if (!existing || !sameRequest(existing, input)) {
    throw new DomainError('conflict', 'This purchase was already started with different details. Reload the page and try again.', { code: 'request_reused' })
  }
  return existing
}

/** Where orders go to be paid, and the settings they are priced and invoiced with. */
export interface CheckoutContext {
  gateway: CheckoutGateway
  invoices: InvoiceGateway
  settings: BillingSettings
  siteUrl: string
  now: Date
}

/**
 * Starts paying for licences: a pending order priced by the server (or by the buyer's quote), then either a
 * Checkout Session for it (card) or a finalised, sent Stripe Invoice (invoice: the licences are issued at once).
 * The same request id (a double click, a retry) always leads to the same order and the same session or invoice.
 * A card order is only fulfilled by the webhook, once Stripe says the money is there.
 */
export async function startCheckout(db: Db, ctx: CheckoutContext, buyer: Buyer, input: CheckoutInput) {
  const { gateway, siteUrl } = ctx
  if (input.organisationId && !(await isManagerOf(db, buyer.id, input.organisationId))) {
    throw new DomainError('not_found', 'You can only buy licences for an organisation you manage.', { code: 'not_manager' })
  }
  if (input.buyingFor === 'myself' && await findAssignedSeat(db, buyer.id)) {
    throw new DomainError('conflict', 'You already have a licence, so you can start the course now. To buy licences for others, buy for your organisation.', { code: 'already_licensed' })
  }
  const order = await findOrCreateOrder(db, buyer, input, ctx.settings, ctx.now)
  if (order.payBy === 'invoice') {
    if (order.status === 'invoiced' || order.status === 'paid') return { orderId: order.id, reference: order.reference, url: order.invoiceUrl! }
    if (order.status !== 'pending') throw new DomainError('conflict', 'This purchase has already been through checkout. Reload the page to start a new one.', { code: 'order_closed' })
    return issueInvoiceOrder(db, ctx.invoices, order, ctx.settings, siteUrl, ctx.now)
  }
  if (order.checkoutUrl && order.status === 'pending') return { orderId: order.id, reference: order.reference, url: order.checkoutUrl }
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
  return { orderId: order.id, reference: order.reference, url: session.url }
}
