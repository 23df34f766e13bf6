import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { withdrawInvitation } from '../../../../../services/organisations/invitations'

/** Withdraws an invitation nobody has accepted: its link stops working and its licence is free again. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { invitationId } = readParams(event, z.object({ invitationId: uuidParam('There is no such invitation in this organisation.') }))
  return withdrawInvitation(await useDb(), user.id, orgId, invitationId, serverNow())
})
