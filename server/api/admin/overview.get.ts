import { adminOverview } from '../../services/reports-admin/admin-overview'

/** The platform's headline figures and the last twelve months of completions and sales (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return adminOverview(await useDb(), serverNow())
})
