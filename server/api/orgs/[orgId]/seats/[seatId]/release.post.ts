import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { releaseSeat } from '../../../../../services/organisations/org-seats'

/** Takes back a licence from a learner who has not started the course, freeing it for someone else. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { seatId } = readParams(event, z.object({ seatId: uuidParam('There is no such licence in this organisation.') }))
  return releaseSeat(await useDb(), user.id, orgId, seatId)
})
