import { adminOrdersQuerySchema } from '#shared/types/admin'
import { listOrders } from '../../../services/reports-admin/admin-lists'

/** Every order with its buyer, status, seats and refunds, searched and filtered, a page at a time (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return listOrders(await useDb(), readQueryAs(event, adminOrdersQuerySchema), serverNow())
})
