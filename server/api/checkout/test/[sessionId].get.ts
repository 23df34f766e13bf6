import { describeTestCheckout } from '../../../services/test-checkout'

/** The test checkout page's order (development without Stripe keys only; the buyer only). */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  return describeTestCheckout(await useDb(), user.id, getRouterParam(event, 'sessionId') ?? '')
})
