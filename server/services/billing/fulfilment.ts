import { ukDate } from '#shared/dates'
import { eq, sql } from 'drizzle-orm'
import { formatPence } from '#shared/pricing'
import type { Db } from '../../db/client'
import type { orders} from '../../db/schema';
import { organisations, seats } from '../../db/schema'
import type { EmailTemplate } from '../../domain/platform/emails'
import { writeAudit } from '../platform/audit'
import { addManager, createOrganisation, isManagerOf } from '../organisations/organisations'

/** What applying a payment or invoice event needs from its caller (stripe-events.ts and invoices.ts both take it). */
export interface EventContext {
  siteUrl: string
  now?: Date
  /** Days past an invoice's due date after which its unassigned seats are suspended (NUXT_INVOICE_SUSPEND_AFTER_DAYS). */
  suspendAfterDays?: number
}

export type EventContextNow = Required<EventContext>

type Order = typeof orders.$inferSelect

/**
 * What every way of paying shares when an order's licences are issued (a card payment confirmed by the
 * webhook, or an invoice finalised in the checkout request): the organisation, the seats, the receipt.
 */

/** The organisation an order's seats go to: the one it names, or (for a new one) created now with the buyer as its lead. */
export async function ensureOrganisation(tx: Db, order: Order): Promise<{ organisationId: string | null, organisationName: string | null }> {
  let organisationId = order.organisationId
  let organisationName = order.organisationName
  if (order.kind !== 'organisation') return { organisationId, organisationName }
  if (!organisationId) {
    organisationId = await createOrganisation(tx, order.organisationName!)
    await writeAudit(tx, { actorId: order.buyerId, action: 'organisation.created', targetType: 'organisation', targetId: organisationId, details: { name: order.organisationName, order: order.id } })
    // The buyer of a new organisation is its first training lead.
    if (await addManager(tx, organisationId, order.buyerId)) {
      await writeAudit(tx, { actorId: order.buyerId, action: 'membership.manager_added', targetType: 'organisation', targetId: organisationId, details: { userId: order.buyerId, order: order.id } })
    }
  }
  else {
    const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId))
    organisationName = org?.name ?? null
    // More licences for an existing organisation never make anyone a manager: a lead who left (or was
    // removed) after starting this checkout must not come back by paying it. The licences still go to the
    // organisation that was paid for; the audit log says the buyer no longer manages it.
    if (!(await isManagerOf(tx, order.buyerId, organisationId))) {
      await writeAudit(tx, { actorId: null, action: 'order.buyer_not_manager', targetType: 'order', targetId: order.id, details: { organisationId, buyerId: order.buyerId } })
    }
  }
  return { organisationId, organisationName }
}

/** The order's seats: the buyer's own licence, or the organisation's free seats. */
export async function createSeats(tx: Db, order: Order, organisationId: string | null) {
  if (order.kind === 'individual') {
    await tx.insert(seats).values({ orderId: order.id, orderSeq: 1, status: 'assigned', assignedUserId: order.buyerId })
  }
  else {
    // One statement however many seats: (order_id, order_seq) is unique, so a second fulfilment could not add more.
    await tx.execute(sql`insert into seats (order_id, order_seq, organisation_id, status)
      select ${order.id}::uuid, g, ${organisationId}::uuid, 'available' from generate_series(1, ${order.quantity}::int) as g`)
  }
}

export function receiptEmail(name: string, order: Order, organisationName: string | null, organisationId: string | null, paidOn: Date, siteUrl: string): EmailTemplate {
  return {
    template: 'order-receipt',
    name,
    orderId: order.reference,
    paidOn: ukDate(paidOn),
    quantity: order.quantity,
    unitPrice: formatPence(order.unitPricePence),
    total: formatPence(order.totalPence + order.vatPence),
    purchaseOrderRef: order.purchaseOrderRef,
    organisationName: order.kind === 'organisation' ? organisationName : null,
    nextStepLink: order.kind === 'individual' ? `${siteUrl}/course` : `${siteUrl}/org/${organisationId}`,
    receiptLink: `${siteUrl}/orders/${order.id}`,
  }
}
