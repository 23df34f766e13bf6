import { releaseSeat } from '../../../../../services/org-seats'

/** Takes back a licence from a learner who has not started the course, freeing it for someone else. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const seatId = idParam(event, 'seatId', 'licence')
  return releaseSeat(await useDb(), user.id, orgId, seatId)
})
