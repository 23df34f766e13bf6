import { ukDate } from '#shared/dates'
import { randomBytes } from 'node:crypto'
import { and, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type Stripe from 'stripe'
import { formatPence } from '#shared/pricing'
import type { Db } from '../../db/client'
import { orders, seats, users } from '../../db/schema'
import {
  decideInvoiceEvent, invoiceChasers, invoiceIdempotencyKey, invoiceItemParams, invoiceParams, isInvoiceEvent,
  REMIND_BEFORE_DUE_DAYS, type BillingSettings, type InvoiceOrder, type Supplier,
} from '../../domain/billing/billing'
import { DomainError } from '../../domain/platform/errors'
import type { EmailTemplate } from '../../domain/platform/emails'
import { writeAudit } from '../platform/audit'
import { createSeats, type EventContextNow, ensureOrganisation, receiptEmail } from './fulfilment'
import { queueEmail } from '../platform/mail'
import { FORGET_HOLDER } from '../organisations/org-seats'
import { isUuid } from '#shared/types/params'

type Order = typeof orders.$inferSelect
const DAY_MS = 24 * 60 * 60 * 1000

/** A finalised, sent invoice as the rest of the server needs it. */
export interface IssuedInvoice {
  customerId: string
  invoiceId: string
  hostedUrl: string
  dueAt: Date
  totalPence: number
}

/** Where invoices are made: Stripe itself, or the local test invoice page when there are no keys. */
export interface InvoiceGateway {
  issue(order: InvoiceOrder, billingEmail: string, supplier: Supplier, vatBasisPoints: number): Promise<IssuedInvoice>
  /** Stripe records a payment made outside it (a cheque, a transfer to another account) and sends invoice.paid. */
  markPaidOutOfBand(invoiceId: string): Promise<void>
}

/**
 * Stripe's Invoices: a customer for the council, a draft invoice (send_invoice, due in 30 days, the PO as a
 * custom field), one item at the server's price, then finalise and send. Every call has an idempotency key
 * derived from the order, so a retry of the checkout request can never make a second customer or invoice.
 */
export function stripeInvoiceGateway(stripe: Stripe): InvoiceGateway {
  return {
    async issue(order, billingEmail, supplier, vatBasisPoints) {
      const key = (step: string) => ({ idempotencyKey: invoiceIdempotencyKey(order.id, step) })
      const customer = await stripe.customers.create({
        name: order.organisationName,
        email: billingEmail,
        preferred_locales: ['en-GB'],
        metadata: { order_id: order.id },
      }, key('customer'))
      const taxRate = vatBasisPoints > 0
        ? await stripe.taxRates.create({ display_name: 'VAT', percentage: vatBasisPoints / 100, inclusive: false, country: 'GB', jurisdiction: 'GB' }, { idempotencyKey: `vat-rate-${vatBasisPoints}-${order.id}` })
        : null
      const draft = await stripe.invoices.create(invoiceParams(order, customer.id, supplier, taxRate?.id ?? null), key('create'))
      await stripe.invoiceItems.create(invoiceItemParams(order, customer.id, draft.id!), key('item'))
      await stripe.invoices.finalizeInvoice(draft.id!, { auto_advance: true }, key('finalize'))
      const sent = await stripe.invoices.sendInvoice(draft.id!, {}, key('send'))
      if (!sent.hosted_invoice_url || !sent.due_date) throw new Error(`Stripe returned invoice ${sent.id} without a hosted page or due date`)
      return { customerId: customer.id, invoiceId: sent.id!, hostedUrl: sent.hosted_invoice_url, dueAt: new Date(sent.due_date * 1000), totalPence: sent.total }
    },
    async markPaidOutOfBand(invoiceId) {
      await stripe.invoices.pay(invoiceId, { paid_out_of_band: true }, { idempotencyKey: `invoice-paid-out-of-band-${invoiceId}` })
    },
  }
}

export const TEST_INVOICE_PREFIX = 'in_test_local_'
export const isTestInvoiceId = (id: string) => id.startsWith(TEST_INVOICE_PREFIX) && /^[a-z0-9_]{1,100}$/.test(id)

/** Invoices for the test invoice page: no network; the page is our own and stands in for Stripe's. */
export function testInvoiceGateway(now: () => Date): InvoiceGateway {
  return {
    async issue(order, _billingEmail, _supplier, _vat) {
      const invoiceId = `${TEST_INVOICE_PREFIX}${randomBytes(12).toString('hex')}`
      return {
        customerId: `cus_test_local_${randomBytes(8).toString('hex')}`,
        invoiceId,
        hostedUrl: `/invoices/test/${invoiceId}`,
        dueAt: new Date(now().getTime() + 30 * DAY_MS),
        totalPence: order.totalPence + order.vatPence,
      }
    },
    async markPaidOutOfBand() {
      // The route delivers the invoice.paid event itself, as Stripe would after recording the payment.
    },
  }
}

export const asInvoiceOrder = (order: Order, organisationName: string): InvoiceOrder => ({
  id: order.id,
  reference: order.reference,
  quantity: order.quantity,
  unitPricePence: order.unitPricePence,
  totalPence: order.totalPence,
  vatPence: order.vatPence,
  currency: order.currency,
  purchaseOrderRef: order.purchaseOrderRef!,
  organisationName,
})

/** The people who hear about an invoice: the training lead who ordered, and the council's billing contact. */
async function invoiceContacts(tx: Db, order: Order): Promise<string[]> {
  const [buyer] = await tx.select({ email: users.email }).from(users).where(eq(users.id, order.buyerId))
  return [...new Set([buyer?.email, order.billingEmail].filter((e): e is string => Boolean(e)))]
}

async function emailContacts(tx: Db, order: Order, mail: EmailTemplate) {
  for (const to of await invoiceContacts(tx, order)) await queueEmail(tx, to, mail)
}

async function organisationNameOf(tx: Db, order: Order): Promise<string> {
  if (!order.organisationId) return order.organisationName ?? ''
  const rows = await tx.execute(sql`select name from organisations where id = ${order.organisationId}`) as unknown
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { name: string }[]
  return list[0]?.name ?? order.organisationName ?? ''
}

/**
 * Issues an invoice order's Stripe Invoice and, once it is finalised, gives the organisation its licences, all in
 * the checkout request: the lead can invite people as soon as it answers. The order row is locked while the
 * licences are issued, so a concurrent retry of the same request finds it invoiced and issues nothing more.
 */
export async function issueInvoiceOrder(db: Db, gateway: InvoiceGateway, order: Order, settings: BillingSettings, siteUrl: string, now: Date) {
  const name = await organisationNameOf(db, order)
  let issued: IssuedInvoice
  try {
    issued = await gateway.issue(asInvoiceOrder(order, name), order.billingEmail!, settings.supplier, settings.vatBasisPoints)
  }
  catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(`Invoice: Stripe did not issue an invoice for order ${order.id}: ${message}`)
    await db.transaction(async (tx) => {
      const [failed] = await tx.update(orders).set({ status: 'failed', closedAt: now, updatedAt: now })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending'))).returning({ id: orders.id })
      if (failed) await writeAudit(tx, { actorId: order.buyerId, action: 'order.invoice_failed', targetType: 'order', targetId: order.id, details: { error: message.slice(0, 500) } })
    })
    throw new DomainError('unavailable', 'We could not reach our payment provider, so no invoice was made. Please try again in a few minutes.', { code: 'stripe_unavailable' })
  }
  if (issued.totalPence !== order.totalPence + order.vatPence) {
    console.error(`Invoice: NOT issuing licences for order ${order.id}: invoice ${issued.invoiceId} totals ${issued.totalPence}, expected ${order.totalPence + order.vatPence}.`)
    await writeAudit(db, { actorId: null, action: 'order.payment_mismatch', targetType: 'order', targetId: order.id, details: { invoice: issued.invoiceId, totalPence: issued.totalPence, expectedPence: order.totalPence + order.vatPence } })
    throw new DomainError('unavailable', 'Our payment provider made an invoice for the wrong amount. Nothing is owed on it; please contact us.', { code: 'invoice_mismatch' })
  }

  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for('update')
    if (!locked || locked.status !== 'pending') return { orderId: order.id, reference: order.reference, url: locked?.invoiceUrl ?? issued.hostedUrl }
    const { organisationId, organisationName } = await ensureOrganisation(tx, locked)
    const [invoiced] = await tx.update(orders).set({
      status: 'invoiced',
      organisationId,
      stripeCustomerId: issued.customerId,
      stripeInvoiceId: issued.invoiceId,
      invoiceUrl: issued.hostedUrl,
      invoiceDueAt: issued.dueAt,
      updatedAt: now,
    }).where(eq(orders.id, order.id)).returning()
    await createSeats(tx, locked, organisationId)
    await writeAudit(tx, {
      actorId: null,
      action: 'order.invoiced',
      targetType: 'order',
      targetId: order.id,
      details: { reference: order.reference, invoice: issued.invoiceId, amountPence: issued.totalPence, dueAt: issued.dueAt.toISOString(), seatsCreated: order.quantity, organisationId, purchaseOrder: order.purchaseOrderRef },
    })
    const payLink = absolute(siteUrl, issued.hostedUrl)
    await emailContacts(tx, invoiced!, {
      template: 'invoice-issued',
      reference: order.reference,
      organisationName: organisationName ?? name,
      quantity: order.quantity,
      total: formatPence(issued.totalPence),
      purchaseOrderRef: order.purchaseOrderRef!,
      dueOn: ukDate(issued.dueAt),
      payLink,
      orgLink: `${siteUrl}/org/${organisationId}`,
    })
    return { orderId: order.id, reference: order.reference, url: issued.hostedUrl }
  })
}

const absolute = (siteUrl: string, url: string) => (url.startsWith('/') ? `${siteUrl}${url}` : url)

/** The order an invoice event is about (by the order id we gave Stripe, else by invoice id), locked. */
async function lockOrderForInvoice(tx: Db, invoice: Stripe.Invoice): Promise<Order | null> {
  const orderId = invoice.metadata?.order_id
  const where = orderId && isUuid(orderId) ? eq(orders.id, orderId) : invoice.id ? eq(orders.stripeInvoiceId, invoice.id) : null
  if (!where) return null
  const [order] = await tx.select().from(orders).where(where).for('update')
  if (!order || (order.stripeInvoiceId && order.stripeInvoiceId !== invoice.id)) return null
  return order
}

/**
 * invoice.paid, .payment_failed, .overdue, .voided and .marked_uncollectible, applied under the order's row lock
 * within the webhook's once-only transaction (stripe-events.ts records the event id first).
 */
export async function applyInvoiceEvent(tx: Db, event: Stripe.Event, ctx: EventContextNow): Promise<string> {
  if (!isInvoiceEvent(event.type)) return 'ignored:unhandled_type'
  const invoice = event.data.object as Stripe.Invoice
  const order = await lockOrderForInvoice(tx, invoice)
  if (!order) return 'no_order'
  const decision = decideInvoiceEvent(event.type, order, { amountPaid: invoice.amount_paid, total: invoice.total, currency: invoice.currency })
  const name = await organisationNameOf(tx, order)
  const payLink = absolute(ctx.siteUrl, order.invoiceUrl ?? '')
  switch (decision.action) {
    case 'ignore':
      return `ignored:${decision.reason}`
    case 'mismatch':
      console.error(`Stripe webhook: NOT marking order ${order.id} paid from ${event.id}: ${decision.reason}.`)
      await writeAudit(tx, { actorId: null, action: 'order.payment_mismatch', targetType: 'order', targetId: order.id, details: { reason: decision.reason, stripeEvent: event.id, eventType: event.type } })
      return 'amount_mismatch'
    case 'paid': {
      // Seats suspended while the invoice was overdue come back as free seats.
      const restored = await tx.update(seats).set({ status: 'available', revokedAt: null, suspendedAt: null })
        .where(and(eq(seats.orderId, order.id), isNotNull(seats.suspendedAt))).returning({ id: seats.id })
      await tx.update(orders).set({ status: 'paid', paidAt: ctx.now, updatedAt: ctx.now, suspendedAt: null }).where(eq(orders.id, order.id))
      await writeAudit(tx, { actorId: null, action: 'order.paid', targetType: 'order', targetId: order.id, details: { from: 'invoiced', stripeEvent: event.id, amountPence: invoice.amount_paid, seatsRestored: restored.length, outOfBand: invoice.status === 'paid' && !invoice.amount_paid ? true : undefined } })
      const [buyer] = await tx.select({ name: users.name }).from(users).where(eq(users.id, order.buyerId))
      const mail = receiptEmail(buyer?.name ?? 'there', order, name, order.organisationId, ctx.now, ctx.siteUrl)
      await emailContacts(tx, order, mail)
      return 'paid'
    }
    case 'payment_failed':
      await writeAudit(tx, { actorId: null, action: 'order.invoice_payment_failed', targetType: 'order', targetId: order.id, details: { stripeEvent: event.id } })
      await emailContacts(tx, order, { template: 'invoice-payment-failed', reference: order.reference, organisationName: name, total: formatPence(order.totalPence + order.vatPence), payLink })
      return 'payment_failed'
    case 'overdue': {
      const done = await chaseOrder(tx, order, ctx.now, ctx.suspendAfterDays, ctx.siteUrl, true)
      return done.length ? `overdue:${done.join('+')}` : 'overdue:nothing_to_do'
    }
    case 'withdraw': {
      const uncollectible = event.type === 'invoice.marked_uncollectible'
      const withdrawn = await tx.update(seats).set({ status: 'revoked', revokedAt: ctx.now, ...FORGET_HOLDER, suspendedAt: null })
        .where(and(eq(seats.orderId, order.id), inArray(seats.status, ['available', 'invited']))).returning({ id: seats.id })
      // Seats already suspended stay revoked, now for good.
      await tx.update(seats).set({ suspendedAt: null }).where(and(eq(seats.orderId, order.id), isNotNull(seats.suspendedAt)))
      const [counts] = await tx.select({ n: sql<number>`count(*)::int` }).from(seats).where(and(eq(seats.orderId, order.id), eq(seats.status, 'revoked')))
      await tx.update(orders).set({ status: 'void', closedAt: ctx.now, updatedAt: ctx.now }).where(eq(orders.id, order.id))
      await writeAudit(tx, { actorId: null, action: uncollectible ? 'order.invoice_uncollectible' : 'order.invoice_voided', targetType: 'order', targetId: order.id, details: { stripeEvent: event.id, seatsWithdrawn: counts!.n } })
      await emailContacts(tx, order, { template: 'invoice-withdrawn', reference: order.reference, organisationName: name, licencesWithdrawn: Math.max(withdrawn.length, counts!.n), uncollectible })
      return uncollectible ? 'uncollectible' : 'voided'
    }
  }
}

/**
 * Reminders and suspension for one invoiced order (locked by the caller): a reminder a week before the due
 * date, one once it is overdue, and after NUXT_INVOICE_SUSPEND_AFTER_DAYS days overdue its free and invited seats
 * are suspended (revoked, marked so paying gives them back). Seats learners hold are never touched. Each step is
 * recorded on the order, so a repeat (the daily sweep, a duplicate event) does nothing twice.
 * `stripeSaysOverdue` is Stripe's word that the due date has passed, which may come before our clock says so.
 */
async function chaseOrder(tx: Db, order: Order, now: Date, suspendAfterDays: number, siteUrl: string, stripeSaysOverdue = false): Promise<string[]> {
  const due = invoiceChasers(order, now, suspendAfterDays)
  if (stripeSaysOverdue && !order.remindedOverdueAt) Object.assign(due, { remindBefore: false, remindOverdue: true })
  const { suspend } = due
  const name = await organisationNameOf(tx, order)
  const common = { reference: order.reference, organisationName: name, total: formatPence(order.totalPence + order.vatPence), payLink: absolute(siteUrl, order.invoiceUrl ?? '') }
  const dueOn = ukDate(order.invoiceDueAt!)
  const suspendOn = ukDate(new Date(order.invoiceDueAt!.getTime() + suspendAfterDays * DAY_MS))
  const done: string[] = []
  if (due.remindBefore) {
    await tx.update(orders).set({ remindedBeforeAt: now }).where(eq(orders.id, order.id))
    await emailContacts(tx, order, { template: 'invoice-reminder', ...common, purchaseOrderRef: order.purchaseOrderRef!, dueOn, overdue: false, suspendOn })
    done.push('reminded_before')
  }
  if (due.remindOverdue) {
    await tx.update(orders).set({ remindedOverdueAt: now }).where(eq(orders.id, order.id))
    await emailContacts(tx, order, { template: 'invoice-reminder', ...common, purchaseOrderRef: order.purchaseOrderRef!, dueOn, overdue: true, suspendOn })
    await writeAudit(tx, { actorId: null, action: 'order.invoice_overdue', targetType: 'order', targetId: order.id, details: { dueAt: order.invoiceDueAt!.toISOString() } })
    done.push('reminded_overdue')
  }
  if (suspend) {
    const suspended = await tx.update(seats).set({ status: 'revoked', revokedAt: now, ...FORGET_HOLDER, suspendedAt: now })
      .where(and(eq(seats.orderId, order.id), inArray(seats.status, ['available', 'invited']))).returning({ id: seats.id })
    await tx.update(orders).set({ suspendedAt: now, updatedAt: now }).where(eq(orders.id, order.id))
    await writeAudit(tx, { actorId: null, action: 'order.seats_suspended', targetType: 'order', targetId: order.id, details: { seatsSuspended: suspended.length, daysOverdue: suspendAfterDays } })
    await emailContacts(tx, order, { template: 'invoice-suspended', ...common, licencesSuspended: suspended.length })
    done.push('suspended')
  }
  return done
}

/**
 * The periodic sweep (server/plugins/04.invoice-chaser.ts): every invoiced order whose reminder or suspension is
 * due, each in its own transaction under its row lock. Safe to run on several servers at once.
 */
export async function chaseInvoices(db: Db, now: Date, suspendAfterDays: number, siteUrl: string): Promise<number> {
  const candidates = await db.select({ id: orders.id }).from(orders)
    // Once its free seats are suspended there is nothing left to chase until the invoice is paid or voided.
    .where(and(eq(orders.status, 'invoiced'), isNull(orders.suspendedAt), lte(orders.invoiceDueAt, new Date(now.getTime() + REMIND_BEFORE_DUE_DAYS * DAY_MS))))
    .limit(500)
  let acted = 0
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update')
      return order ? chaseOrder(tx, order, now, suspendAfterDays, siteUrl) : []
    })
    if (done.length) acted++
  }
  return acted
}

/**
 * An admin records a payment made outside Stripe (a cheque, a transfer to another account): Stripe marks the
 * invoice paid out of band and sends invoice.paid, which the webhook applies like any other payment.
 */
export async function markInvoicePaidOutOfBand(db: Db, gateway: InvoiceGateway, adminId: string, orderId: string) {
  if (!isUuid(orderId)) throw new DomainError('not_found', 'There is no such order.')
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId))
  if (!order) throw new DomainError('not_found', 'There is no such order.')
  if (order.status !== 'invoiced' || !order.stripeInvoiceId) {
    throw new DomainError('conflict', `Order ${order.reference} is not awaiting payment of an invoice (it is ${order.status}).`, { code: 'not_invoiced' })
  }
  try {
    await gateway.markPaidOutOfBand(order.stripeInvoiceId)
  }
  catch (error) {
    console.error(`Invoice: Stripe did not mark ${order.stripeInvoiceId} paid: ${error instanceof Error ? error.message : error}`)
    throw new DomainError('unavailable', 'We could not reach our payment provider, so the invoice is unchanged. Please try again in a few minutes.')
  }
  await writeAudit(db, { actorId: adminId, action: 'order.marked_paid_out_of_band', targetType: 'order', targetId: order.id, details: { reference: order.reference, invoice: order.stripeInvoiceId } })
  return order
}
