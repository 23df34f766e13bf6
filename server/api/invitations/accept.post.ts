import { acceptInvitationSchema } from '#shared/types/orgs'
import { acceptInvitation } from '../../services/organisations/invitations'

/** Accepts an invitation, signing the person in or up on the way; then the course (or the dashboard) is theirs. */
export default defineApiHandler(async (event) => {
  const body = await readBodyAs(event, acceptInvitationSchema)
  const result = await acceptInvitation(await useDb(), body.token, { sessionUser: event.context.user ?? null, name: body.name, password: body.password, guard: signInGuard(event) }, serverNow())
  if (result.session) setSessionCookie(event, result.session.token, result.session)
  return {
    role: result.role,
    organisationId: result.organisationId,
    alreadyAccepted: result.alreadyAccepted,
    next: result.role === 'learner' ? '/course' : `/org/${result.organisationId}`,
  }
})
