import { renameTeamSchema } from '#shared/schemas/orgs'
import { renameTeam } from '../../../../../services/teams'

/** Renames a team (409 when another team already has the name: merge them instead). */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const teamId = idParam(event, 'teamId', 'team')
  const { name } = await readBodyAs(event, renameTeamSchema)
  return renameTeam(await useDb(), user.id, orgId, teamId, name)
})
