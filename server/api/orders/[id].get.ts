import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { findBuyerOrder } from '../../services/billing/orders'

/** One of the buyer's orders, as it really stands (the success page polls this until it is paid). */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  setHeader(event, 'cache-control', 'no-store')
  const { id } = readParams(event, z.object({ id: uuidParam('There is no such order.') }))
  return findBuyerOrder(await useDb(), user.id, id)
})
