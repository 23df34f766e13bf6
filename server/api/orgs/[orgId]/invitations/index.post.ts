import { inviteLearnersSchema } from '#shared/types/orgs'
import { inviteLearners } from '../../../../services/organisations/invitations'

/** Invites everyone on a checked list, or nobody (422 with the fresh preview when any row has a problem). */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { entries } = await readBodyAs(event, inviteLearnersSchema)
  const candidates = entries.map((e, i) => ({ line: i + 1, email: e.email, name: e.name ?? null, team: e.team ?? null, due: e.due ?? null }))
  const result = await inviteLearners(await useDb(), { organisationId: orgId, actor: user, siteUrl: siteUrl(event), now: serverNow() }, candidates)
  setResponseStatus(event, 201)
  return result
})
