import { reportQuerySchema } from '#shared/types/orgs'
import { organisationInsight } from '../../../services/reports-admin/insight'

/**
 * What the organisation's learners (or one team, ?team=) got wrong the first time, for planning supervision.
 * Training leads only; shown only for groups of at least five (server/domain/reports-admin/item-analysis.ts).
 */
export default defineApiHandler(async (event) => {
  const { organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { team } = readQueryAs(event, reportQuerySchema)
  noStore(event)
  return organisationInsight(await useDb(), await useCourse(event), orgId, team)
})
