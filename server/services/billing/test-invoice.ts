import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { TestInvoiceOutcome } from '#shared/types/checkout'
import type { Db } from '../../db/client'
import { orders, organisations } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { testInvoiceEvent, testInvoiceOutcomesFor } from '../../domain/billing/test-invoice'
import { isTestInvoiceId } from './invoices'

type Order = typeof orders.$inferSelect

async function findTestInvoiceOrder(db: Db, buyerId: string, invoiceId: string) {
  if (!isTestInvoiceId(invoiceId)) throw new DomainError('not_found', 'There is no such invoice.')
  const [row] = await db.select({ order: orders, organisationName: organisations.name }).from(orders)
    .leftJoin(organisations, eq(organisations.id, orders.organisationId))
    .where(and(eq(orders.stripeInvoiceId, invoiceId), eq(orders.buyerId, buyerId)))
  if (!row) throw new DomainError('not_found', 'There is no such invoice.')
  return row
}

/** What the test invoice page shows: the invoice as Stripe's page would, and which events can be tried. */
export async function describeTestInvoice(db: Db, buyerId: string, invoiceId: string) {
  const { order, organisationName } = await findTestInvoiceOrder(db, buyerId, invoiceId)
  return {
    orderId: order.id,
    reference: order.reference,
    status: order.status,
    quantity: order.quantity,
    unitPricePence: order.unitPricePence,
    totalPence: order.totalPence,
    vatPence: order.vatPence,
    organisationName: organisationName ?? order.organisationName,
    purchaseOrderRef: order.purchaseOrderRef,
    billingEmail: order.billingEmail,
    dueAt: order.invoiceDueAt?.toISOString() ?? null,
    outcomes: testInvoiceOutcomesFor(order.status),
  }
}

export function testInvoiceEventForOrder(order: Order, outcome: TestInvoiceOutcome, now: Date) {
  return testInvoiceEvent({ ...order, stripeInvoiceId: order.stripeInvoiceId! }, outcome, `evt_test_local_${randomBytes(12).toString('hex')}`, now)
}

/** The event Stripe would send for the tester's choice, ready to be signed and delivered to the webhook. */
export async function testInvoiceEventFor(db: Db, buyerId: string, invoiceId: string, outcome: TestInvoiceOutcome, now: Date) {
  const { order } = await findTestInvoiceOrder(db, buyerId, invoiceId)
  if (!testInvoiceOutcomesFor(order.status).includes(outcome)) {
    throw new DomainError('conflict', `This invoice's order is ${order.status}, so that cannot happen now.`, { code: 'test_outcome_not_possible' })
  }
  return { orderId: order.id, event: testInvoiceEventForOrder(order, outcome, now) }
}
