import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { resendInvitation } from '../../../../../services/organisations/invitations'

/** Sends an invitation again with a new link; the old link stops working. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { invitationId } = readParams(event, z.object({ invitationId: uuidParam('There is no such invitation in this organisation.') }))
  return resendInvitation(await useDb(), { organisationId: orgId, actor: user, siteUrl: siteUrl(event), now: serverNow() }, invitationId)
})
