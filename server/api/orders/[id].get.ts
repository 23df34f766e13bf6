import { findBuyerOrder } from '../../services/orders'

/** One of the buyer's orders, as it really stands (the success page polls this until it is paid). */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  setHeader(event, 'cache-control', 'no-store')
  return findBuyerOrder(await useDb(), user.id, getRouterParam(event, 'id') ?? '')
})
