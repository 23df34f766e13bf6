import { and, desc, eq } from 'drizzle-orm'
import { priceFor } from '#shared/pricing'
import type { QuoteInput } from '#shared/types/checkout'
import type { Db } from '../../db/client'
import { organisations, quotes, users } from '../../db/schema'
import { quoteValidUntil, vatFor, type BillingSettings } from '../../domain/billing/billing'
import { DomainError } from '../../domain/platform/errors'
import { writeAudit } from '../platform/audit'
import { isManagerOf } from '../organisations/organisations'
import { nextReference } from './references'
import { isUuid } from '#shared/types/params'


/**
 * A quote priced by the one price rule today and stored in pence, with its own reference (CMC-Q-2026-00007).
 * Buying from it within 30 days pays exactly this price (services/billing/checkout.ts).
 */
export async function createQuote(db: Db, buyerId: string, input: QuoteInput, settings: BillingSettings, now: Date) {
  let organisationName = input.organisationName ?? ''
  if (input.organisationId) {
    if (!(await isManagerOf(db, buyerId, input.organisationId))) throw new DomainError('not_found', 'You can only ask for a quote for an organisation you manage.', { code: 'not_manager' })
    const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, input.organisationId))
    organisationName = org!.name
  }
  const price = priceFor(input.quantity)
  return db.transaction(async (tx) => {
    const [quote] = await tx.insert(quotes).values({
      reference: await nextReference(tx, 'quote', settings.referencePrefix, now),
      buyerId,
      organisationId: input.organisationId ?? null,
      organisationName,
      quantity: price.quantity,
      unitPricePence: price.unitPricePence,
      totalPence: price.totalPence,
      vatPence: vatFor(price.totalPence, settings.vatBasisPoints),
      currency: price.currency,
      createdAt: now,
      validUntil: quoteValidUntil(now),
    }).returning()
    await writeAudit(tx, { actorId: buyerId, action: 'quote.created', targetType: 'quote', targetId: quote!.id, details: { reference: quote!.reference, quantity: quote!.quantity, totalPence: quote!.totalPence } })
    return quoteView(quote!, now)
  })
}

type Quote = typeof quotes.$inferSelect

function quoteView(q: Quote, now: Date) {
  return {
    id: q.id,
    reference: q.reference,
    organisationId: q.organisationId,
    organisationName: q.organisationName,
    quantity: q.quantity,
    unitPricePence: q.unitPricePence,
    totalPence: q.totalPence,
    vatPence: q.vatPence,
    createdAt: q.createdAt.toISOString(),
    validUntil: q.validUntil.toISOString(),
    valid: q.validUntil > now,
  }
}
export type QuoteView = ReturnType<typeof quoteView>

export async function listQuotes(db: Db, buyerId: string, now: Date) {
  const rows = await db.select().from(quotes).where(eq(quotes.buyerId, buyerId)).orderBy(desc(quotes.createdAt)).limit(200)
  return rows.map(q => quoteView(q, now))
}

/** One of the buyer's own quotes, with their name for the PDF. Another person's quote is "not found". */
export async function findBuyerQuote(db: Db, buyerId: string, quoteId: string) {
  if (!isUuid(quoteId)) throw new DomainError('not_found', 'There is no such quote.')
  const [row] = await db.select({ quote: quotes, buyerName: users.name }).from(quotes)
    .innerJoin(users, eq(users.id, quotes.buyerId))
    .where(and(eq(quotes.id, quoteId), eq(quotes.buyerId, buyerId)))
  if (!row) throw new DomainError('not_found', 'There is no such quote.')
  return row
}
