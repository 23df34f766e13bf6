import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { renameTeamSchema } from '#shared/types/orgs'
import { renameTeam } from '../../../../../services/organisations/teams'

/** Renames a team (409 when another team already has the name: merge them instead). */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { teamId } = readParams(event, z.object({ teamId: uuidParam('There is no such team in this organisation.') }))
  const { name } = await readBodyAs(event, renameTeamSchema)
  return renameTeam(await useDb(), user.id, orgId, teamId, name)
})
