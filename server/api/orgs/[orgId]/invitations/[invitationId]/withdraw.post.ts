import { withdrawInvitation } from '../../../../../services/invitations'

/** Withdraws an invitation nobody has accepted: its link stops working and its licence is free again. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const invitationId = idParam(event, 'invitationId', 'invitation')
  return withdrawInvitation(await useDb(), user.id, orgId, invitationId, serverNow())
})
