/**
 * What a Stripe webhook event does to an order: pure decisions, no I/O. The service applies them under
 * a row lock, so duplicate, late, concurrent and out-of-order events all land on a decision made from
 * the order's latest committed state.
 */
export type OrderStatus = 'pending' | 'processing' | 'invoiced' | 'paid' | 'failed' | 'expired' | 'refunded' | 'void'

export const CHECKOUT_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const
export type CheckoutEventType = typeof CHECKOUT_EVENTS[number]

export function isCheckoutEvent(type: string): type is CheckoutEventType {
  return (CHECKOUT_EVENTS as readonly string[]).includes(type)
}

export interface OrderFacts {
  status: OrderStatus
  totalPence: number
  currency: string
}

/** The parts of a Checkout Session the decision needs, as Stripe sent them. */
export interface SessionFacts {
  paymentStatus: string | null
  amountTotal: number | null
  currency: string | null
}

export type SessionDecision =
  | { action: 'fulfil' }
  | { action: 'await_payment' }
  | { action: 'fail' }
  | { action: 'expire' }
  | { action: 'mismatch', reason: string }
  | { action: 'ignore', reason: string }

const FULFILLED: OrderStatus[] = ['paid', 'refunded']

/** Stripe's amount and currency must be exactly what the server charged, or nothing is fulfilled. */
export function amountMismatch(order: OrderFacts, session: SessionFacts): string | null {
  if (session.currency?.toLowerCase() !== order.currency) return `currency ${session.currency ?? 'missing'} is not ${order.currency}`
  if (session.amountTotal !== order.totalPence) return `amount_total ${session.amountTotal ?? 'missing'} is not ${order.totalPence}`
  return null
}

export function decideSessionEvent(type: CheckoutEventType, order: OrderFacts, session: SessionFacts): SessionDecision {
  // An invoice order never has a Checkout Session; its money comes through invoice events (domain/billing/billing.ts).
  if (order.status === 'invoiced' || order.status === 'void') return { action: 'ignore', reason: `already_${order.status}` }
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      if (FULFILLED.includes(order.status)) return { action: 'ignore', reason: 'already_fulfilled' }
      // `completed` with payment_status "unpaid" is a delayed method (Bacs): the money is not here yet.
      const paid = type === 'checkout.session.async_payment_succeeded' || session.paymentStatus === 'paid'
      if (!paid && order.status !== 'pending') return { action: 'ignore', reason: `already_${order.status}` }
      const mismatch = amountMismatch(order, session)
      if (mismatch) return { action: 'mismatch', reason: mismatch }
      // Money that really arrived is honoured even after an earlier expiry or failure was recorded.
      return paid ? { action: 'fulfil' } : { action: 'await_payment' }
    }
    case 'checkout.session.async_payment_failed':
      return order.status === 'pending' || order.status === 'processing'
        ? { action: 'fail' }
        : { action: 'ignore', reason: `already_${order.status}` }
    case 'checkout.session.expired':
      // Stripe only expires open sessions; a late `expired` never undoes a payment.
      return order.status === 'pending' ? { action: 'expire' } : { action: 'ignore', reason: `already_${order.status}` }
  }
}

export interface RefundOrderFacts extends OrderFacts {
  quantity: number
  unitPricePence: number
  refundedPence: number
}

export interface ChargeFacts {
  /** Cumulative: Stripe reports the total refunded so far on every charge.refunded event. */
  amountRefunded: number
  currency: string | null
}

export type RefundDecision =
  | { action: 'refund', refundedPence: number, full: boolean, licencesRefunded: number }
  | { action: 'mismatch', reason: string }
  | { action: 'ignore', reason: string }

/**
 * A refund gives back licences: a full refund all of them, a partial one as many whole licences as
 * it covers. Refund events carry the running total, so an older or repeated event changes nothing.
 * Before the order is fulfilled the refund is only recorded; fulfilment applies it afterwards.
 */
export function decideRefund(order: RefundOrderFacts, charge: ChargeFacts): RefundDecision {
  if (!FULFILLED.includes(order.status)) return { action: 'ignore', reason: `not_fulfilled_${order.status}` }
  if (charge.currency?.toLowerCase() !== order.currency) return { action: 'mismatch', reason: `currency ${charge.currency ?? 'missing'} is not ${order.currency}` }
  if (!Number.isInteger(charge.amountRefunded) || charge.amountRefunded <= 0) return { action: 'ignore', reason: 'nothing_refunded' }
  if (charge.amountRefunded <= order.refundedPence) return { action: 'ignore', reason: 'already_recorded' }
  const refundedPence = Math.min(charge.amountRefunded, order.totalPence)
  const full = refundedPence === order.totalPence
  const licencesRefunded = full ? order.quantity : Math.floor(refundedPence / order.unitPricePence)
  return { action: 'refund', refundedPence, full, licencesRefunded }
}

/** How many more of an order's unheld seats to revoke, given how many a refund covers and how many are already revoked. */
export function seatsToRevoke(licencesRefunded: number, alreadyRevoked: number, unheld: number): number {
  return Math.max(0, Math.min(licencesRefunded - alreadyRevoked, unheld))
}
