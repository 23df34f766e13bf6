import { z } from 'zod'
import { isTestSessionId } from '../../../domain/billing/test-checkout'
import { describeTestCheckout } from '../../../services/billing/test-checkout'

const testCheckoutParams = z.object({ sessionId: z.string().refine(isTestSessionId, { error: 'There is no such checkout.' }) })

/** The test checkout page's order (development without Stripe keys only; the buyer only). */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  return describeTestCheckout(await useDb(), user.id, readParams(event, testCheckoutParams).sessionId)
})
