import type Stripe from 'stripe'
import { ukYear } from '#shared/dates'
import { formatPence } from '#shared/pricing'
import { PRODUCT_NAME } from './checkout'

/**
 * Council buying (docs/billing.md): readable references, VAT, quotes held for 30 days and Stripe Invoices paid
 * within 30 days. Pure rules, no I/O; the services apply them.
 */

export const QUOTE_VALID_DAYS = 30
export const INVOICE_DUE_DAYS = 30
/** The reminder before the due date goes this many days ahead of it. */
export const REMIND_BEFORE_DUE_DAYS = 7
const DAY_MS = 24 * 60 * 60 * 1000

export type ReferenceKind = 'order' | 'quote'

/**
 * CMC-2026-00042 for orders (and their invoices, which carry the order's reference as their number), and
 * CMC-Q-2026-00007 for quotes. Quotes have their own letter and series because a quote is not a sale: a finance
 * team matching a PO against an invoice must never mistake a quote number for an invoice number, and quotes that
 * are never bought would otherwise leave the invoice numbers full of gaps an auditor asks about.
 */
export function formatReference(prefix: string, kind: ReferenceKind, year: number, n: number): string {
  return `${prefix}-${kind === 'quote' ? 'Q-' : ''}${year}-${String(n).padStart(5, '0')}`
}

/** A reference prefix: 2 to 8 capital letters or digits, starting with a letter (it goes on invoices). */
export const REFERENCE_PREFIX = /^[A-Z][A-Z0-9]{1,7}$/

/** The year a reference is numbered in: the calendar year in London, where the invoices are issued. */
export function referenceYear(now: Date): number {
  return ukYear(now)
}

/** VAT in pence at a rate in basis points (2000 = 20%), rounded half up on the whole net total, as HMRC allows. */
export function vatFor(netPence: number, rateBasisPoints: number): number {
  return Math.floor((netPence * rateBasisPoints + 5000) / 10000)
}

/** NUXT_VAT_RATE_PERCENT (0 to 100, at most two decimals) as basis points, or null when it is not one. */
export function vatBasisPoints(percent: unknown): number | null {
  const n = Number(percent)
  if (!Number.isFinite(n) || n < 0 || n > 100) return null
  const bp = Math.round(n * 100)
  return Math.abs(bp - n * 100) < 1e-6 ? bp : null
}

export function quoteValidUntil(createdAt: Date): Date {
  return new Date(createdAt.getTime() + QUOTE_VALID_DAYS * DAY_MS)
}

export function invoiceDueAt(finalisedAt: Date): Date {
  return new Date(finalisedAt.getTime() + INVOICE_DUE_DAYS * DAY_MS)
}

/** Whole days since the due date (0 until then). */
export function daysOverdue(dueAt: Date | null, now: Date): number {
  if (!dueAt || now <= dueAt) return 0
  return Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS)
}

/** What to do for an invoiced order on a sweep or an event: nothing, a reminder, or suspending its free seats. */
export interface InvoiceClock {
  status: string
  invoiceDueAt: Date | null
  remindedBeforeAt: Date | null
  remindedOverdueAt: Date | null
  suspendedAt: Date | null
}

export function invoiceChasers(order: InvoiceClock, now: Date, suspendAfterDays: number) {
  if (order.status !== 'invoiced' || !order.invoiceDueAt) return { remindBefore: false, remindOverdue: false, suspend: false }
  const due = order.invoiceDueAt.getTime()
  return {
    remindBefore: !order.remindedBeforeAt && now.getTime() >= due - REMIND_BEFORE_DUE_DAYS * DAY_MS && now.getTime() < due,
    remindOverdue: !order.remindedOverdueAt && now.getTime() > due,
    suspend: !order.suspendedAt && daysOverdue(order.invoiceDueAt, now) >= suspendAfterDays,
  }
}

export const INVOICE_EVENTS = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.overdue',
  'invoice.voided',
  'invoice.marked_uncollectible',
] as const
export type InvoiceEventType = typeof INVOICE_EVENTS[number]

export function isInvoiceEvent(type: string): type is InvoiceEventType {
  return (INVOICE_EVENTS as readonly string[]).includes(type)
}

export type InvoiceDecision =
  | { action: 'paid' }
  | { action: 'payment_failed' }
  | { action: 'overdue' }
  | { action: 'withdraw' }
  | { action: 'mismatch', reason: string }
  | { action: 'ignore', reason: string }

/**
 * What an invoice event does to its order. Events can come twice, late or out of order, so each decision
 * starts from the order's state: once paid (or void) nothing moves it back, and a paid invoice is honoured
 * even after a late `overdue` suspended its free seats (paying gives them back).
 */
export function decideInvoiceEvent(type: InvoiceEventType, order: { status: string, totalPence: number, vatPence: number, currency: string }, invoice: { amountPaid: number | null, total: number | null, currency: string | null }): InvoiceDecision {
  if (order.status !== 'invoiced') {
    return { action: 'ignore', reason: `already_${order.status}` }
  }
  switch (type) {
    case 'invoice.finalized':
      // The checkout request already applied the finalisation it made itself.
      return { action: 'ignore', reason: 'finalised_in_checkout' }
    case 'invoice.paid': {
      const expected = order.totalPence + order.vatPence
      if (invoice.currency?.toLowerCase() !== order.currency) return { action: 'mismatch', reason: `currency ${invoice.currency ?? 'missing'} is not ${order.currency}` }
      if (invoice.total !== expected) return { action: 'mismatch', reason: `total ${invoice.total ?? 'missing'} is not ${expected}` }
      return { action: 'paid' }
    }
    case 'invoice.payment_failed':
      return { action: 'payment_failed' }
    case 'invoice.overdue':
      return { action: 'overdue' }
    case 'invoice.voided':
    case 'invoice.marked_uncollectible':
      return { action: 'withdraw' }
  }
}

export interface Supplier {
  name: string
  address: string
  charityNumber: string
  vatNumber: string
}

/** The supplier's lines, as both the quote and the invoice footer print them. */
export function supplierLines(s: Supplier): string[] {
  return [
    s.name,
    ...s.address.split(/\s*[,\n]\s*/).filter(Boolean),
    ...(s.charityNumber ? [`Registered charity number ${s.charityNumber}`] : []),
    ...(s.vatNumber ? [`VAT registration number ${s.vatNumber}`] : []),
  ]
}

export interface InvoiceOrder {
  id: string
  reference: string
  quantity: number
  unitPricePence: number
  totalPence: number
  vatPence: number
  currency: string
  purchaseOrderRef: string
  organisationName: string
}

export const invoiceIdempotencyKey = (orderId: string, step: string) => `invoice-${step}-${orderId}`

/** The line on the invoice: one item at the server's price, described so the quantity and unit price show. */
export function invoiceItemParams(order: InvoiceOrder, customerId: string, invoiceId: string): Stripe.InvoiceItemCreateParams {
  return {
    customer: customerId,
    invoice: invoiceId,
    currency: order.currency,
    amount: order.totalPence,
    description: `${order.quantity} × ${PRODUCT_NAME} at ${formatPence(order.unitPricePence)}`,
    metadata: { order_id: order.id },
  }
}

/**
 * The Stripe Invoice for an order: sent to the billing contact, due in 30 days, numbered with the order's
 * reference, the purchase order as a custom field, the supplier's details in the footer, and payable on
 * Stripe's hosted page by card or bank transfer. VAT, when the rate is above 0, is a tax rate on the invoice.
 */
export function invoiceParams(order: InvoiceOrder, customerId: string, supplier: Supplier, taxRateId: string | null): Stripe.InvoiceCreateParams {
  return {
    customer: customerId,
    collection_method: 'send_invoice',
    days_until_due: INVOICE_DUE_DAYS,
    currency: order.currency,
    number: order.reference,
    auto_advance: false,
    pending_invoice_items_behavior: 'exclude',
    description: `${PRODUCT_NAME}s for ${order.organisationName}`,
    custom_fields: [
      { name: 'Purchase order', value: order.purchaseOrderRef },
      { name: 'Order', value: order.reference },
    ],
    footer: supplierLines(supplier).join(' · '),
    metadata: { order_id: order.id, reference: order.reference },
    ...(taxRateId ? { default_tax_rates: [taxRateId] } : {}),
    payment_settings: {
      payment_method_types: ['card', 'customer_balance'],
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'gb_bank_transfer' } } },
    },
  }
}

/** The settings council buying runs on (NUXT_SUPPLIER_*, NUXT_VAT_RATE_PERCENT, NUXT_ORDER_REFERENCE_PREFIX, ...). */
export interface BillingSettings {
  supplier: Supplier
  vatRatePercent: number
  vatBasisPoints: number
  referencePrefix: string
  suspendAfterDays: number
}
