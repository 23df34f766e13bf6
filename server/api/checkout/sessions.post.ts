import { checkoutSchema } from '#shared/schemas/checkout'
import { startCheckout } from '../../services/checkout'

/**
 * Starts paying for licences. The body says how many and for whom, never a price: the server prices
 * the order, and any price-like field is refused. Answers with the address of the payment page.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const input = await readBodyAs(event, checkoutSchema)
  const result = await startCheckout(await useDb(), useCheckoutGateway(), user, input, siteUrl(event))
  setResponseStatus(event, 201)
  return result
})
