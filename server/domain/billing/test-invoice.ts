import type { TestInvoiceOutcome } from '#shared/types/checkout'
import type { InvoiceEventType } from './billing'

/**
 * The stand-in for Stripe's hosted invoice page when no Stripe keys are set. Its buttons make the events
 * Stripe would send about the invoice; they are signed and go through the real webhook handler.
 */
const STEPS: Record<TestInvoiceOutcome, { type: InvoiceEventType, status: string, paid: boolean }> = {
  pay: { type: 'invoice.paid', status: 'paid', paid: true },
  payment_fails: { type: 'invoice.payment_failed', status: 'open', paid: false },
  overdue: { type: 'invoice.overdue', status: 'open', paid: false },
  void: { type: 'invoice.voided', status: 'void', paid: false },
  uncollectible: { type: 'invoice.marked_uncollectible', status: 'uncollectible', paid: false },
}

export const TEST_INVOICE_OUTCOMES = Object.keys(STEPS) as TestInvoiceOutcome[]

/** Which buttons the test invoice page offers: only an invoice awaiting payment can change. */
export function testInvoiceOutcomesFor(status: string): TestInvoiceOutcome[] {
  return status === 'invoiced' ? TEST_INVOICE_OUTCOMES : []
}

interface TestInvoiceOrder {
  id: string
  reference: string
  totalPence: number
  vatPence: number
  currency: string
  stripeInvoiceId: string
  stripeCustomerId: string | null
  invoiceUrl: string | null
  invoiceDueAt: Date | null
}

/** A Stripe-shaped invoice event: the fields our webhook reads, named as Stripe names them. */
export function testInvoiceEvent(order: TestInvoiceOrder, outcome: TestInvoiceOutcome, eventId: string, now: Date) {
  const step = STEPS[outcome]
  const total = order.totalPence + order.vatPence
  return {
    id: eventId,
    object: 'event',
    type: step.type,
    created: Math.floor(now.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: order.stripeInvoiceId,
        object: 'invoice',
        number: order.reference,
        status: step.status,
        collection_method: 'send_invoice',
        customer: order.stripeCustomerId,
        currency: order.currency,
        total,
        amount_due: total,
        amount_paid: step.paid ? total : 0,
        amount_remaining: step.paid ? 0 : total,
        due_date: order.invoiceDueAt ? Math.floor(order.invoiceDueAt.getTime() / 1000) : null,
        hosted_invoice_url: order.invoiceUrl,
        metadata: { order_id: order.id, reference: order.reference },
      },
    },
  }
}
