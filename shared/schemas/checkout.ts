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
}, { error: issue => issue.code === 'unrecognized_keys' ? `Unexpected field: ${issue.keys.join(', ')}. Prices are set by the server.` : undefined })
  .superRefine((body, ctx) => {
    if (body.buyingFor === 'myself') {
      if (body.quantity !== 1) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'A licence for yourself is one licence. To buy more, buy for your organisation.' })
      if (body.organisationId || body.organisationName) ctx.addIssue({ code: 'custom', path: ['buyingFor'], message: 'A licence for yourself does not belong to an organisation.' })
    }
    else if (Boolean(body.organisationId) === Boolean(body.organisationName)) {
      ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'Name a new organisation or choose one you manage (not both).' })
    }
  })

export type CheckoutInput = z.infer<typeof checkoutSchema>

/** What the test checkout page (no Stripe keys) can make "Stripe" report. */
export const testCheckoutSchema = z.strictObject({
  outcome: z.enum(['pay', 'pay_by_bank', 'bank_confirms', 'bank_rejects', 'expire']),
})
export type TestCheckoutOutcome = z.infer<typeof testCheckoutSchema>['outcome']
