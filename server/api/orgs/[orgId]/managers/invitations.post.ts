import { inviteManagerSchema } from '#shared/types/orgs'
import { inviteManager } from '../../../../services/organisations/invitations'

/** Invites another training lead to help manage the organisation. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const input = await readBodyAs(event, inviteManagerSchema)
  const result = await inviteManager(await useDb(), { organisationId: orgId, actor: user, siteUrl: siteUrl(event), now: serverNow() }, input)
  setResponseStatus(event, 201)
  return result
})
