import { listAllOrders } from '../../../services/orders'

/** Every order with its buyer, status and refunds: platform admins only. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return { orders: await listAllOrders(await useDb()) }
})
