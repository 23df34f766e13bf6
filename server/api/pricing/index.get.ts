import { priceFor } from '#shared/pricing'
import { pricingQuerySchema } from '#shared/types/checkout'

/** The price of N licences: `GET /api/pricing?quantity=60` → unit price and total in pence. */
export default defineApiHandler((event) => {
  const { quantity } = readQueryAs(event, pricingQuerySchema)
  return priceFor(quantity)
})
