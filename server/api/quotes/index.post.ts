import { quoteSchema } from '#shared/types/checkout'
import { createQuote } from '../../services/billing/quotes'

/** "Get a quote": stores a quote for an organisation at today's price, valid for 30 days. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const input = await readBodyAs(event, quoteSchema)
  const quote = await createQuote(await useDb(), user.id, input, billingSettings(), serverNow())
  setResponseStatus(event, 201)
  return quote
})
