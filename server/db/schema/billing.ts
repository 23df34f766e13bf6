import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, idColumn } from './columns'
import { organisations } from './orgs'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'

export const ORDER_STATUSES = ['pending', 'processing', 'invoiced', 'paid', 'failed', 'expired', 'refunded', 'void'] as const
export const PAY_BY = ['card', 'invoice'] as const

/**
 * A purchase of licences. Money is integer pence, computed on the server (shared/pricing.ts) and
 * re-checked against Stripe's amount_total before anything is fulfilled.
 *
 * - pending: checkout started, nothing paid yet;
 * - processing: checkout finished but the money is still on its way (Bacs Direct Debit);
 * - paid: the webhook confirmed the payment and the seats exist;
 * - failed / expired: no money came (an async payment failed, the session timed out, or Stripe could not be reached);
 * - refunded: refunded in full (a partial refund keeps `paid` and fills refunded_pence);
 * - invoiced: paid by invoice (pay_by 'invoice'): the Stripe Invoice is finalised and sent, the seats exist,
 *   the money is awaited until invoice.paid (overdue once invoice_due_at has passed);
 * - void: the invoice was voided or marked uncollectible; its unassigned seats were withdrawn (docs/billing.md).
 *
 * An organisation order names a new organisation (organisation_name) or an existing one (organisation_id);
 * a new organisation is created when the payment arrives, so an abandoned checkout leaves nothing behind.
 */
export const orders = pgTable('orders', {
  id: idColumn(),
  /** What people read and search for (CMC-2026-00042): unique, sequential per year (server/services/billing/references.ts). */
  reference: text('reference').notNull().unique(),
  buyerId: uuid('buyer_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
  kind: text('kind', { enum: ['individual', 'organisation'] }).notNull(),
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
  organisationName: text('organisation_name'),
  quantity: integer('quantity').notNull(),
  unitPricePence: integer('unit_price_pence').notNull(),
  totalPence: integer('total_pence').notNull(),
  currency: text('currency').notNull().default('gbp'),
  status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
  purchaseOrderRef: text('purchase_order_ref'),
  /** From the buy page: a double click or a retry of the same purchase finds this order again. */
  requestId: uuid('request_id').notNull(),
  stripeCheckoutSessionId: text('stripe_checkout_session_id').unique(),
  checkoutUrl: text('checkout_url'),
  stripePaymentIntentId: text('stripe_payment_intent_id').unique(),
  stripeInvoiceId: text('stripe_invoice_id'),
  refundedPence: integer('refunded_pence').notNull().default(0),
  /** VAT on top of total_pence, at the configured rate when the order was priced (0 by default). */
  vatPence: integer('vat_pence').notNull().default(0),
  payBy: text('pay_by', { enum: PAY_BY }).notNull().default('card'),
  /** Invoice orders: who in the council's finance team receives the invoice and its reminders. */
  billingEmail: text('billing_email'),
  quoteId: uuid('quote_id').references((): AnyPgColumn => quotes.id, { onDelete: 'restrict' }),
  stripeCustomerId: text('stripe_customer_id'),
  /** Stripe's hosted invoice page (or the local test invoice page without keys). */
  invoiceUrl: text('invoice_url'),
  invoiceDueAt: timestamp('invoice_due_at', { withTimezone: true }),
  /** When reminders went out, so each goes once: before the due date, and once overdue. */
  remindedBeforeAt: timestamp('reminded_before_at', { withTimezone: true }),
  remindedOverdueAt: timestamp('reminded_overdue_at', { withTimezone: true }),
  /** When the unassigned seats were suspended for an overdue invoice (restored if it is then paid). */
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  refundedAt: timestamp('refunded_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, t => [
  unique('orders_buyer_request_uq').on(t.buyerId, t.requestId),
  index('orders_buyer_idx').on(t.buyerId, t.createdAt),
  index('orders_organisation_idx').on(t.organisationId),
  index('orders_invoice_due_idx').on(t.invoiceDueAt).where(sql`${t.status} = 'invoiced'`),
  check('orders_pay_by_known', sql`${t.payBy} in ('card', 'invoice')`),
  check('orders_vat_non_negative', sql`${t.vatPence} >= 0`),
  check('orders_invoice_is_organisation', sql`${t.payBy} <> 'invoice' or (${t.kind} = 'organisation' and ${t.purchaseOrderRef} is not null and ${t.billingEmail} is not null)`),
  check('orders_invoiced_has_due_date', sql`${t.status} <> 'invoiced' or ${t.invoiceDueAt} is not null`),
  check('orders_status_known', sql`${t.status} in (${sql.raw(ORDER_STATUSES.map(s => `'${s}'`).join(', '))})`),
  check('orders_kind_known', sql`${t.kind} in ('individual', 'organisation')`),
  check('orders_quantity_range', sql`${t.quantity} between 1 and 10000`),
  check('orders_unit_price_positive', sql`${t.unitPricePence} > 0`),
  check('orders_total_is_unit_times_quantity', sql`${t.totalPence} = ${t.unitPricePence} * ${t.quantity}`),
  check('orders_currency_gbp', sql`${t.currency} = 'gbp'`),
  check('orders_refund_range', sql`${t.refundedPence} between 0 and ${t.totalPence}`),
  check('orders_individual_single_licence', sql`${t.kind} <> 'individual' or (${t.quantity} = 1 and ${t.organisationId} is null and ${t.organisationName} is null)`),
  check('orders_organisation_named', sql`${t.kind} <> 'organisation' or ${t.organisationId} is not null or ${t.organisationName} is not null`),
  check('orders_paid_has_organisation', sql`${t.kind} <> 'organisation' or ${t.status} not in ('paid', 'refunded', 'invoiced', 'void') or ${t.organisationId} is not null`),
  check('orders_paid_at_set', sql`${t.status} not in ('paid', 'refunded') or ${t.paidAt} is not null`),
  check('orders_refunded_in_full', sql`${t.status} <> 'refunded' or ${t.refundedPence} = ${t.totalPence}`),
])

/**
 * Every Stripe webhook event ever accepted, once (the primary key is Stripe's event id). Recorded in
 * the same transaction as its effect, so an event is either recorded and applied, or neither.
 */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  checkoutSessionId: text('checkout_session_id'),
  paymentIntentId: text('payment_intent_id'),
  /** What the event did: fulfilled, ignored:<why>, amount_mismatch, ... */
  outcome: text('outcome').notNull(),
  payload: jsonb('payload').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  index('stripe_events_session_idx').on(t.checkoutSessionId),
  index('stripe_events_payment_intent_idx').on(t.paymentIntentId, t.type),
])

/**
 * A written quote a council's finance team raises a purchase order against. Its price is fixed when it is made
 * (integer pence, from the one price rule) and holds until valid_until, even if prices change.
 */
export const quotes = pgTable('quotes', {
  id: idColumn(),
  reference: text('reference').notNull().unique(),
  buyerId: uuid('buyer_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
  organisationName: text('organisation_name').notNull(),
  quantity: integer('quantity').notNull(),
  unitPricePence: integer('unit_price_pence').notNull(),
  totalPence: integer('total_pence').notNull(),
  vatPence: integer('vat_pence').notNull().default(0),
  currency: text('currency').notNull().default('gbp'),
  createdAt: createdAt(),
  validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
}, t => [
  index('quotes_buyer_idx').on(t.buyerId, t.createdAt),
  check('quotes_quantity_range', sql`${t.quantity} between 1 and 10000`),
  check('quotes_total_is_unit_times_quantity', sql`${t.totalPence} = ${t.unitPricePence} * ${t.quantity}`),
  check('quotes_vat_non_negative', sql`${t.vatPence} >= 0`),
])

/**
 * The next number of each kind of reference in each year. Taken with UPDATE ... RETURNING in the transaction that
 * uses it, so two concurrent orders can never get the same number (a rolled-back one leaves a gap, which is fine).
 */
export const referenceCounters = pgTable('reference_counters', {
  year: integer('year').notNull(),
  kind: text('kind', { enum: ['order', 'quote'] }).notNull(),
  lastValue: integer('last_value').notNull().default(0),
}, t => [primaryKey({ columns: [t.year, t.kind] })])
