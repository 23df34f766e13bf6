import { processStripeEvent } from '../../services/billing/stripe-events'

/**
 * Stripe's webhook, and the only place orders are fulfilled. The raw body is verified against the
 * Stripe-Signature header (SDK, 5-minute tolerance) before anything is read from it; an unsigned,
 * wrongly signed, stale or altered request is a 400 and writes nothing. Exempt from the Origin check
 * (server/middleware/01.csrf.ts) because Stripe's servers send none: the signature is the proof.
 * Its body is capped at 256 KB as it is read, chunked or not (server/domain/platform/body-limits.ts). Any 2xx tells Stripe to stop; a 5xx (say, the database is down) makes Stripe retry for up to three days.
 */
export default defineApiHandler(async (event) => {
  const signature = getHeader(event, 'stripe-signature')
  const raw = await readRawBody(event, false)
  if (!signature || !raw?.length) throw createError({ statusCode: 400, statusMessage: 'Missing Stripe-Signature header or body' })
  let stripeEvent
  try {
    stripeEvent = verifyStripeEvent(raw, signature)
  }
  catch (error) {
    console.warn(`Stripe webhook refused: ${error instanceof Error ? error.message.split('\n')[0] : 'signature check failed'}`)
    throw createError({ statusCode: 400, statusMessage: 'Invalid Stripe signature' })
  }
  const result = await processStripeEvent(await useDb(), stripeEvent, { siteUrl: siteUrl(event), now: serverNow(), suspendAfterDays: billingSettings().suspendAfterDays })
  console.info(`Stripe webhook ${stripeEvent.id} (${stripeEvent.type}): ${result.outcome}`)
  return { received: true, ...result }
})
