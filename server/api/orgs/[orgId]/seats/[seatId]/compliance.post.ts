import { seatComplianceSchema } from '#shared/schemas/orgs'
import { readDue } from '../../../../../domain/compliance'
import { setSeatCompliance } from '../../../../../services/teams'

/** Sets one learner's (or invited person's) team and due date from the dashboard. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const seatId = idParam(event, 'seatId', 'learner')
  const { team, due } = await readBodyAs(event, seatComplianceSchema)
  const dueOn = due === undefined ? undefined : due === null ? null : readDue(due, serverNow())
  return setSeatCompliance(await useDb(), user.id, orgId, seatId, { team, dueOn })
})
