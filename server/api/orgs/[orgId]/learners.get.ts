import { learnersQuerySchema } from '#shared/types/orgs'
import { listLearners } from '../../../services/organisations/org-dashboard'

/** One page of the organisation's learners and invitations: search, status and team filters, sort and paging, all in SQL. */
export default defineApiHandler(async (event) => {
  const { organisationId: orgId } = await requireOrgRole(event, 'manager')
  const query = readQueryAs(event, learnersQuerySchema)
  noStore(event)
  return listLearners(await useDb(), orgId, courseShape(await useCourse(event)), query, serverNow())
})
