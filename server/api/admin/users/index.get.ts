import { adminUsersQuerySchema } from '#shared/types/admin'
import { listUsers } from '../../../services/reports-admin/admin-lists'

/** People, searched by name or email and filtered by role and status, a page at a time (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return listUsers(await useDb(), readQueryAs(event, adminUsersQuerySchema))
})
