import { tokenSchema } from '#shared/types/auth'
import { inspectInvitation } from '../../services/organisations/invitations'

/** What an invitation link is for, so the page can ask for the right thing (the token comes in the body, never the URL). */
export default defineApiHandler(async (event) => {
  const { token } = await readBodyAs(event, tokenSchema)
  noStore(event)
  return inspectInvitation(await useDb(), token, event.context.user ?? null, serverNow())
})
