import { resendInvitation } from '../../../../../services/invitations'

/** Sends an invitation again with a new link; the old link stops working. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const invitationId = idParam(event, 'invitationId', 'invitation')
  return resendInvitation(await useDb(), { organisationId: orgId, actor: user, siteUrl: siteUrl(event), now: serverNow() }, invitationId)
})
