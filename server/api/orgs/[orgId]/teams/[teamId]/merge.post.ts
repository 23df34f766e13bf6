import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { mergeTeamSchema } from '#shared/types/orgs'
import { mergeTeams } from '../../../../../services/organisations/teams'

/** Moves everyone in this team into another, and removes this one. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { teamId } = readParams(event, z.object({ teamId: uuidParam('There is no such team in this organisation.') }))
  const { into } = await readBodyAs(event, mergeTeamSchema)
  return mergeTeams(await useDb(), user.id, orgId, teamId, into)
})
