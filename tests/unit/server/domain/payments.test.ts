import { describe, expect, it } from 'vitest'
import { decideRefund, decideSessionEvent, seatsToRevoke, type CheckoutEventType, type OrderStatus } from '../../../../server/domain/billing/payments'

const order = (status: OrderStatus) => ({ status, totalPence: 72000, currency: 'gbp' })
const paid = { paymentStatus: 'paid', amountTotal: 72000, currency: 'gbp' }
const unpaid = { paymentStatus: 'unpaid', amountTotal: 72000, currency: 'gbp' }

const COMPLETED: CheckoutEventType = 'checkout.session.completed'
const SUCCEEDED: CheckoutEventType = 'checkout.session.async_payment_succeeded'
const FAILED: CheckoutEventType = 'checkout.session.async_payment_failed'
const EXPIRED: CheckoutEventType = 'checkout.session.expired'

describe('what a Checkout Session event does to an order', () => {
  it.each<[CheckoutEventType, typeof paid, OrderStatus, string]>([
    // Paid: fulfil once, from any state that has not been fulfilled.
    [COMPLETED, paid, 'pending', 'fulfil'],
    [COMPLETED, paid, 'processing', 'fulfil'],
    [COMPLETED, paid, 'expired', 'fulfil'],
    [COMPLETED, paid, 'failed', 'fulfil'],
    [COMPLETED, paid, 'paid', 'ignore'],
    [COMPLETED, paid, 'refunded', 'ignore'],
    // Bacs: completed but unpaid waits for the money.
    [COMPLETED, unpaid, 'pending', 'await_payment'],
    [COMPLETED, unpaid, 'processing', 'ignore'],
    [COMPLETED, unpaid, 'paid', 'ignore'],
    [COMPLETED, unpaid, 'expired', 'ignore'],
    [SUCCEEDED, paid, 'processing', 'fulfil'],
    [SUCCEEDED, paid, 'pending', 'fulfil'],
    [SUCCEEDED, paid, 'paid', 'ignore'],
    [FAILED, unpaid, 'processing', 'fail'],
    [FAILED, unpaid, 'pending', 'fail'],
    [FAILED, unpaid, 'paid', 'ignore'],
    [FAILED, unpaid, 'failed', 'ignore'],
    // A late expiry never undoes a payment.
    [EXPIRED, unpaid, 'pending', 'expire'],
    [EXPIRED, unpaid, 'processing', 'ignore'],
    [EXPIRED, unpaid, 'paid', 'ignore'],
    [EXPIRED, unpaid, 'expired', 'ignore'],
  ])('%s (%o) on a %s order: %s', (type, session, status, action) => {
    expect(decideSessionEvent(type, order(status), session).action).toBe(action)
  })

  it.each([
    ['a different amount', { ...paid, amountTotal: 71999 }, /amount_total 71999 is not 72000/],
    ['no amount', { ...paid, amountTotal: null }, /amount_total missing/],
    ['another currency', { ...paid, currency: 'eur' }, /currency eur is not gbp/],
    ['no currency', { ...paid, currency: null }, /currency missing/],
  ])('fulfils nothing when Stripe reports %s', (_label, session, reason) => {
    for (const type of [COMPLETED, SUCCEEDED]) {
      const decision = decideSessionEvent(type, order('pending'), session)
      expect(decision).toEqual({ action: 'mismatch', reason: expect.stringMatching(reason) })
    }
  })

  it('accepts the currency in capitals', () => {
    expect(decideSessionEvent(COMPLETED, order('pending'), { ...paid, currency: 'GBP' }).action).toBe('fulfil')
  })

  it('does not re-check the amount of an order already fulfilled', () => {
    expect(decideSessionEvent(COMPLETED, order('paid'), { ...paid, amountTotal: 1 })).toEqual({ action: 'ignore', reason: 'already_fulfilled' })
  })
})

describe('what a refund does', () => {
  const bought = { status: 'paid' as OrderStatus, totalPence: 72000, currency: 'gbp', quantity: 60, unitPricePence: 1200, refundedPence: 0 }

  it.each([
    ['a full refund', bought, 72000, { action: 'refund', refundedPence: 72000, full: true, licencesRefunded: 60 }],
    ['ten licences back', bought, 12000, { action: 'refund', refundedPence: 12000, full: false, licencesRefunded: 10 }],
    ['part of a licence', bought, 500, { action: 'refund', refundedPence: 500, full: false, licencesRefunded: 0 }],
    ['a second refund on top', { ...bought, refundedPence: 12000 }, 24000, { action: 'refund', refundedPence: 24000, full: false, licencesRefunded: 20 }],
    ['the rest of a partial refund', { ...bought, refundedPence: 12000 }, 72000, { action: 'refund', refundedPence: 72000, full: true, licencesRefunded: 60 }],
    ['an older event after a newer one', { ...bought, refundedPence: 24000 }, 12000, { action: 'ignore', reason: 'already_recorded' }],
    ['the same event again', { ...bought, refundedPence: 12000 }, 12000, { action: 'ignore', reason: 'already_recorded' }],
    ['a refund before the payment was confirmed', { ...bought, status: 'pending' as OrderStatus }, 72000, { action: 'ignore', reason: 'not_fulfilled_pending' }],
    ['a refund of nothing', bought, 0, { action: 'ignore', reason: 'nothing_refunded' }],
  ])('%s', (_label, o, amountRefunded, expected) => {
    expect(decideRefund(o, { amountRefunded, currency: 'gbp' })).toEqual(expected)
  })

  it('refuses a refund in another currency', () => {
    expect(decideRefund(bought, { amountRefunded: 100, currency: 'usd' }).action).toBe('mismatch')
  })

  it.each([
    // licences refunded, already revoked, seats nobody holds → revoke
    [60, 0, 60, 60],
    [60, 0, 58, 58], // two seats are in use: they stay
    [10, 0, 60, 10],
    [20, 10, 50, 10], // the first 10 went with an earlier partial refund
    [10, 10, 50, 0],
    [0, 0, 60, 0],
    [60, 60, 0, 0],
  ])('%i licences refunded, %i already revoked, %i unheld: revoke %i', (licences, revoked, unheld, expected) => {
    expect(seatsToRevoke(licences, revoked, unheld)).toBe(expected)
  })
})
