import { invalidateSession } from '../../services/accounts/sessions'

export default defineApiHandler(async (event) => {
  if (event.context.session) await invalidateSession(await useDb(), event.context.session.id)
  clearSessionCookie(event)
  return { signedOut: true }
})
