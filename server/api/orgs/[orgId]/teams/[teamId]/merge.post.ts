import { mergeTeamSchema } from '#shared/schemas/orgs'
import { mergeTeams } from '../../../../../services/teams'

/** Moves everyone in this team into another, and removes this one. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const teamId = idParam(event, 'teamId', 'team')
  const { into } = await readBodyAs(event, mergeTeamSchema)
  return mergeTeams(await useDb(), user.id, orgId, teamId, into)
})
