import { signInSchema } from '#shared/types/auth'
import { signIn } from '../../services/accounts/accounts'
import { invalidateSession } from '../../services/accounts/sessions'

export default defineApiHandler(async (event) => {
  const body = await readBodyAs(event, signInSchema)
  const db = await useDb()
  const { session, userId } = await signIn(db, body, siteUrl(event), signInGuard(event))
  // Whatever session came in with the request is ended: sign-in always starts a fresh one.
  if (event.context.session) await invalidateSession(db, event.context.session.id)
  setSessionCookie(event, session.token, session)
  return { userId }
})
