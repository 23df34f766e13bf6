import { adminAuditQuerySchema } from '#shared/types/admin'
import { listAuditLog } from '../../../services/platform/audit'

/** The audit log, newest first, filtered by action, actor, dates and a search (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return listAuditLog(await useDb(), readQueryAs(event, adminAuditQuerySchema))
})
