import { pastedInvitationsSchema } from '#shared/types/orgs'
import { parsePastedList } from '../../../../domain/organisations/invitation-import'
import { previewInvitations } from '../../../../services/organisations/invitations'

/** Checks a pasted list of people (or one address) and says what would happen to each; sends nothing. */
export default defineApiHandler(async (event) => {
  const { organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { text } = await readBodyAs(event, pastedInvitationsSchema)
  noStore(event)
  return { plan: await previewInvitations(await useDb(), orgId, parsePastedList(text), serverNow()) }
})
