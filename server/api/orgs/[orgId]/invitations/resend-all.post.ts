import { resendOpenInvitations } from '../../../../services/organisations/invitations'

/** Sends every open learner invitation again, within the email limits; says how many went and why others did not. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  return resendOpenInvitations(await useDb(), { organisationId: orgId, actor: user, siteUrl: siteUrl(event), now: serverNow() })
})
