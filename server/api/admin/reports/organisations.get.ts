import { reportOrganisations } from '../../../services/reports-admin/completion-report'

/** Every organisation, for the completion report's filter: platform admins only. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setHeader(event, 'cache-control', 'no-store')
  return { organisations: await reportOrganisations(await useDb()) }
})
