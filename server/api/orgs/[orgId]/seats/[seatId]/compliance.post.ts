import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { seatComplianceSchema } from '#shared/types/orgs'
import { readDue } from '../../../../../domain/organisations/compliance'
import { setSeatCompliance } from '../../../../../services/organisations/teams'

/** Sets one learner's (or invited person's) team and due date from the dashboard. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { seatId } = readParams(event, z.object({ seatId: uuidParam('There is no such learner in this organisation.') }))
  const { team, due } = await readBodyAs(event, seatComplianceSchema)
  const dueOn = due === undefined ? undefined : due === null ? null : readDue(due, serverNow())
  return setSeatCompliance(await useDb(), user.id, orgId, seatId, { team, dueOn })
})
