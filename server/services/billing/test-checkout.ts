import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { TestCheckoutOutcome } from '#shared/types/checkout'
import type { Db } from '../../db/client'
import { orders, users } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { TEST_SESSION_PREFIX, isTestSessionId, testCheckoutEvent, testOutcomesFor } from '../../domain/billing/test-checkout'
import type { CheckoutGateway } from './checkout'

const randomId = () => randomBytes(12).toString('hex')

/** Checkout Sessions for the test checkout page: no network, the page is our own. */
export const testCheckoutGateway: CheckoutGateway = {
  async createSession() {
    const id = `${TEST_SESSION_PREFIX}${randomId()}`
    return { id, url: `/checkout/test/${id}` }
  },
}

async function findTestOrder(db: Db, buyerId: string, sessionId: string) {
  if (!isTestSessionId(sessionId)) throw new DomainError('not_found', 'There is no such checkout.')
  const [row] = await db.select({ order: orders, buyerEmail: users.email }).from(orders)
    .innerJoin(users, eq(users.id, orders.buyerId))
    .where(and(eq(orders.stripeCheckoutSessionId, sessionId), eq(orders.buyerId, buyerId)))
  if (!row) throw new DomainError('not_found', 'There is no such checkout.')
  return row
}

/** What the test checkout page shows: the order as Stripe's page would, and which outcomes can be tried. */
export async function describeTestCheckout(db: Db, buyerId: string, sessionId: string) {
  const { order } = await findTestOrder(db, buyerId, sessionId)
  return {
    orderId: order.id,
    status: order.status,
    kind: order.kind,
    quantity: order.quantity,
    unitPricePence: order.unitPricePence,
    totalPence: order.totalPence,
    organisationName: order.organisationName,
    purchaseOrderRef: order.purchaseOrderRef,
    outcomes: testOutcomesFor(order.status),
  }
}

/** The event Stripe would send for the tester's choice, ready to be signed and delivered to the webhook. */
export async function testCheckoutEventFor(db: Db, buyerId: string, sessionId: string, outcome: TestCheckoutOutcome, now = new Date()) {
  const { order, buyerEmail } = await findTestOrder(db, buyerId, sessionId)
  if (!testOutcomesFor(order.status).includes(outcome)) {
    throw new DomainError('conflict', `This checkout is ${order.status}, so that cannot happen now.`, { code: 'test_outcome_not_possible' })
  }
  return {
    orderId: order.id,
    event: testCheckoutEvent({ ...order, stripeCheckoutSessionId: sessionId }, buyerEmail, outcome, `evt_test_local_${randomId()}`, now),
  }
}
