import { teamDueSchema } from '#shared/schemas/orgs'
import { readDue } from '../../../../../domain/compliance'
import { setTeamDue } from '../../../../../services/teams'

/** One due date for everyone in a team who has not completed: a date, or "within N weeks" from today. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const teamId = idParam(event, 'teamId', 'team')
  const { due } = await readBodyAs(event, teamDueSchema)
  const now = serverNow()
  const course = await useCourse(event)
  return setTeamDue(await useDb(), user.id, orgId, teamId, readDue(due, now), course.version)
})
