import type { TestCheckoutOutcome } from '#shared/types/checkout'
import type { CheckoutEventType, OrderStatus } from './payments'

/**
 * The stand-in for Stripe's hosted page when no Stripe keys are set (development on a fresh clone).
 * It makes the events Stripe would send; they are signed and go through the real webhook handler.
 */
export const TEST_SESSION_PREFIX = 'cs_test_local_'

export function isTestSessionId(id: string) {
  return id.startsWith(TEST_SESSION_PREFIX) && /^[a-z0-9_]{1,100}$/.test(id)
}

interface TestOrder {
  id: string
  status: OrderStatus
  totalPence: number
  currency: string
  stripeCheckoutSessionId: string
}

const STEPS: Record<TestCheckoutOutcome, { type: CheckoutEventType, paymentStatus: 'paid' | 'unpaid', from: OrderStatus[] }> = {
  pay: { type: 'checkout.session.completed', paymentStatus: 'paid', from: ['pending'] },
  pay_by_bank: { type: 'checkout.session.completed', paymentStatus: 'unpaid', from: ['pending'] },
  bank_confirms: { type: 'checkout.session.async_payment_succeeded', paymentStatus: 'paid', from: ['processing'] },
  bank_rejects: { type: 'checkout.session.async_payment_failed', paymentStatus: 'unpaid', from: ['processing'] },
  expire: { type: 'checkout.session.expired', paymentStatus: 'unpaid', from: ['pending'] },
}

/** Which buttons the test checkout page offers for an order in this state. */
export function testOutcomesFor(status: OrderStatus): TestCheckoutOutcome[] {
  return (Object.keys(STEPS) as TestCheckoutOutcome[]).filter(o => STEPS[o].from.includes(status))
}

/** A Stripe-shaped event for what the tester chose: the fields our webhook reads, as Stripe names them. */
export function testCheckoutEvent(order: TestOrder, buyerEmail: string, outcome: TestCheckoutOutcome, eventId: string, now: Date) {
  const step = STEPS[outcome]
  const sessionId = order.stripeCheckoutSessionId
  const complete = step.type !== 'checkout.session.expired'
  return {
    id: eventId,
    object: 'event',
    type: step.type,
    created: Math.floor(now.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: complete ? 'complete' : 'expired',
        payment_status: step.paymentStatus,
        amount_total: order.totalPence,
        currency: order.currency,
        client_reference_id: order.id,
        metadata: { order_id: order.id },
        customer_details: { email: buyerEmail },
        payment_intent: complete ? `pi_test_local_${sessionId.slice(TEST_SESSION_PREFIX.length)}` : null,
        invoice: null,
      },
    },
  }
}
