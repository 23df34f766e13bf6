import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { orders, organisations, seats } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { isUuid } from '#shared/types/params'

const seatCount = (status: string) => sql<number>`(select count(*)::int from ${seats} where ${seats.orderId} = ${orders.id} and ${seats.status} = ${status})`

/** What a buyer (or an admin) sees of an order. No Stripe secrets, no checkout URL once it is closed. */
const orderView = {
  id: orders.id,
  reference: orders.reference,
  payBy: orders.payBy,
  vatPence: orders.vatPence,
  billingEmail: orders.billingEmail,
  invoiceDueAt: orders.invoiceDueAt,
  suspendedAt: orders.suspendedAt,
  status: orders.status,
  kind: orders.kind,
  quantity: orders.quantity,
  unitPricePence: orders.unitPricePence,
  totalPence: orders.totalPence,
  refundedPence: orders.refundedPence,
  currency: orders.currency,
  purchaseOrderRef: orders.purchaseOrderRef,
  organisationId: orders.organisationId,
  organisationName: sql<string | null>`coalesce(${organisations.name}, ${orders.organisationName})`,
  hasInvoice: sql<boolean>`${orders.stripeInvoiceId} is not null`,
  createdAt: orders.createdAt,
  paidAt: orders.paidAt,
  refundedAt: orders.refundedAt,
  seats: {
    available: seatCount('available'),
    invited: seatCount('invited'),
    assigned: seatCount('assigned'),
    revoked: seatCount('revoked'),
  },
}

/** One of the buyer's own orders. Another person's order id is "not found", exactly like an unknown one. */
export async function findBuyerOrder(db: Db, buyerId: string, orderId: string) {
  if (!isUuid(orderId)) throw new DomainError('not_found', 'There is no such order.')
  const [order] = await db.select({ ...orderView, checkoutUrl: orders.checkoutUrl, invoiceUrl: orders.invoiceUrl }).from(orders)
    .leftJoin(organisations, eq(organisations.id, orders.organisationId))
    .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)))
  if (!order) throw new DomainError('not_found', 'There is no such order.')
  const { checkoutUrl, invoiceUrl, ...view } = order
  // While the checkout is open the buyer can go back to it (from the cancel page, say).
  return { ...view, checkoutUrl: order.status === 'pending' ? checkoutUrl : null, invoiceUrl: order.status === 'invoiced' ? invoiceUrl : null }
}

export async function listBuyerOrders(db: Db, buyerId: string) {
  return db.select(orderView).from(orders)
    .leftJoin(organisations, eq(organisations.id, orders.organisationId))
    .where(eq(orders.buyerId, buyerId))
    .orderBy(desc(orders.createdAt)).limit(200)
}

/** The Stripe invoice id of one of the buyer's paid orders, for the invoice download. */
export async function buyerInvoiceId(db: Db, buyerId: string, orderId: string) {
  if (!isUuid(orderId)) throw new DomainError('not_found', 'There is no such order.')
  const [order] = await db.select({ invoiceId: orders.stripeInvoiceId, invoiceUrl: orders.invoiceUrl }).from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)))
  if (!order) throw new DomainError('not_found', 'There is no such order.')
  if (!order.invoiceId) throw new DomainError('not_found', 'This order has no invoice yet. Invoices are made once the payment has arrived.', { code: 'no_invoice' })
  return order
}
