import { listBuyerOrders } from '../../services/billing/orders'

/** The signed-in buyer's own orders, newest first. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  return { orders: await listBuyerOrders(await useDb(), user.id) }
})
