import { z } from 'zod'
import { nameText, text } from './text'
import { MAX_QUANTITY, MIN_QUANTITY, QUANTITY_RULE } from '../pricing'

// Shared by the buy page (instant messages) and the server (the check that counts).

/** A quantity typed into a URL: digits only, so "1e3", "1.5" and " 7" are refused rather than guessed at. */
export const pricingQuerySchema = z.object({
  quantity: z.string({ error: QUANTITY_RULE })
    .regex(/^[0-9]{1,6}$/, QUANTITY_RULE)
    .transform(Number)
    .pipe(z.number().int().min(MIN_QUANTITY, QUANTITY_RULE).max(MAX_QUANTITY, QUANTITY_RULE)),
})

export const quantitySchema = z.number({ error: QUANTITY_RULE }).int(QUANTITY_RULE).min(MIN_QUANTITY, QUANTITY_RULE).max(MAX_QUANTITY, QUANTITY_RULE)

export const organisationNameSchema = nameText({ error: 'Enter the name of your organisation.' }).trim()
  .min(2, 'Enter the name of your organisation.')
  .max(120, 'Organisation names are at most 120 characters.')

/** Printed on the Stripe invoice as a custom field, which holds at most 140 characters. */
export const purchaseOrderSchema = text().trim()
  .max(60, 'Purchase order references are at most 60 characters.')
  .regex(/^[^\p{Cc}]*$/u, 'Purchase order references cannot contain control characters.')

/** Where the invoice goes: the council's finance team, often not the training lead. */
export const billingEmailSchema = z.string({ error: 'Enter the email address the invoice should go to.' }).trim().toLowerCase()
  .max(254, 'Email addresses are at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address for the invoice, like finance@council.gov.uk.' }))

/**
 * Starting a checkout. Strict: the browser never sends a price, and a request that tries to
 * (price, amount, currency, unit_amount...) is refused rather than quietly ignored.
 */
export const checkoutSchema = z.strictObject({
  /** Made by the page for this order; a double click or a retry sends the same one, so one order results. */
  requestId: z.uuid({ error: 'The request id must be a UUID.' }),
  buyingFor: z.enum(['myself', 'organisation'], { error: 'Choose who the licences are for.' }),
  quantity: quantitySchema,
  organisationId: z.uuid({ error: 'Choose one of your organisations.' }).optional(),
  organisationName: organisationNameSchema.optional(),
  purchaseOrderRef: purchaseOrderSchema.optional(),
  /** Card (Stripe Checkout, the default) or a Stripe Invoice sent to the billing contact (organisations only). */
  payBy: z.enum(['card', 'invoice'], { error: 'Choose to pay by card or by invoice.' }).default('card'),
  billingEmail: billingEmailSchema.optional(),
  /** Buying from a quote keeps the quote's price while it is valid. */
  quoteId: z.uuid({ error: 'Choose one of your quotes.' }).optional(),
}, { error: issue => issue.code === 'unrecognized_keys' ? `Unexpected field: ${issue.keys.join(', ')}. Prices are set by the server.` : undefined })
  .superRefine((body, ctx) => {
    if (body.buyingFor === 'myself') {
      if (body.quantity !== 1) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'A licence for yourself is one licence. To buy more, buy for your organisation.' })
      if (body.organisationId || body.organisationName) ctx.addIssue({ code: 'custom', path: ['buyingFor'], message: 'A licence for yourself does not belong to an organisation.' })
    }
    else if (Boolean(body.organisationId) === Boolean(body.organisationName)) {
      ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'Name a new organisation or choose one you manage (not both).' })
    }
    if (body.payBy === 'invoice') {
      if (body.buyingFor === 'myself') ctx.addIssue({ code: 'custom', path: ['payBy'], message: 'Paying by invoice is for organisations. A licence for yourself is paid by card.' })
      if (!body.purchaseOrderRef?.trim()) ctx.addIssue({ code: 'custom', path: ['purchaseOrderRef'], message: 'Enter your purchase order reference: it goes on the invoice.' })
      if (!body.billingEmail) ctx.addIssue({ code: 'custom', path: ['billingEmail'], message: 'Enter the email address the invoice should go to.' })
    }
  })

export type CheckoutInput = z.infer<typeof checkoutSchema>

/** A quote for an organisation: how many licences, and which organisation (a new one by name, or one you manage). */
export const quoteSchema = z.strictObject({
  quantity: quantitySchema,
  organisationId: z.uuid({ error: 'Choose one of your organisations.' }).optional(),
  organisationName: organisationNameSchema.optional(),
}, { error: issue => issue.code === 'unrecognized_keys' ? `Unexpected field: ${issue.keys.join(', ')}. Prices are set by the server.` : undefined })
  .refine(b => Boolean(b.organisationId) !== Boolean(b.organisationName), { path: ['organisationName'], message: 'Name a new organisation or choose one you manage (not both).' })
export type QuoteInput = z.infer<typeof quoteSchema>

/** What the test invoice page (no Stripe keys) can make "Stripe" report about an invoice. */
export const testInvoiceSchema = z.strictObject({
  outcome: z.enum(['pay', 'payment_fails', 'overdue', 'void', 'uncollectible']),
})
export type TestInvoiceOutcome = z.infer<typeof testInvoiceSchema>['outcome']

/** What the test checkout page (no Stripe keys) can make "Stripe" report. */
export const testCheckoutSchema = z.strictObject({
  outcome: z.enum(['pay', 'pay_by_bank', 'bank_confirms', 'bank_rejects', 'expire']),
})
export type TestCheckoutOutcome = z.infer<typeof testCheckoutSchema>['outcome']
