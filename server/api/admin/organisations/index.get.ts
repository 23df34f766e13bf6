import { adminOrganisationsQuerySchema } from '#shared/types/admin'
import { listOrganisations } from '../../../services/reports-admin/admin-lists'

/** Organisations with their managers, seats and completions, searched by name, a page at a time (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return listOrganisations(await useDb(), readQueryAs(event, adminOrganisationsQuerySchema))
})
