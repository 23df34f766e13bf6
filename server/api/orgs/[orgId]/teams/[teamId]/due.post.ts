import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { teamDueSchema } from '#shared/types/orgs'
import { readDue } from '../../../../../domain/organisations/compliance'
import { setTeamDue } from '../../../../../services/organisations/teams'

/** One due date for everyone in a team who has not completed: a date, or "within N weeks" from today. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { teamId } = readParams(event, z.object({ teamId: uuidParam('There is no such team in this organisation.') }))
  const { due } = await readBodyAs(event, teamDueSchema)
  const now = serverNow()
  const course = await useCourse(event)
  return setTeamDue(await useDb(), user.id, orgId, teamId, readDue(due, now), course.version)
})
