import { z } from 'zod'
import { isTestSessionId } from '../../../domain/billing/test-checkout'
import { testCheckoutSchema } from '#shared/types/checkout'
import { testCheckoutEventFor } from '../../../services/billing/test-checkout'

const testCheckoutParams = z.object({ sessionId: z.string().refine(isTestSessionId, { error: 'There is no such checkout.' }) })

/**
 * The test checkout's "Pay" (and its other outcomes): makes the event Stripe would send, signs it and
 * delivers it to /webhooks/stripe, so the order goes through exactly the code real payments do.
 */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  const { outcome } = await readBodyAs(event, testCheckoutSchema)
  const { orderId, event: stripeEvent } = await testCheckoutEventFor(await useDb(), user.id, readParams(event, testCheckoutParams).sessionId, outcome)
  const delivered = await deliverSignedEvent(event, stripeEvent)
  return { orderId, outcome: delivered.outcome }
})
