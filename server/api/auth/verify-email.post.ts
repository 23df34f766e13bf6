import { tokenSchema } from '#shared/types/auth'
import { verifyEmail } from '../../services/accounts/accounts'
import { invalidateSession } from '../../services/accounts/sessions'

/**
 * Confirms the address. In the browser that signed up, it also signs its owner in, ending whatever session the
 * browser had before; elsewhere the person signs in with their password (verifyEmail says why).
 */
export default defineApiHandler(async (event) => {
  const { token } = await readBodyAs(event, tokenSchema)
  const db = await useDb()
  const { session } = await verifyEmail(db, token, takeSignUpCookie(event))
  if (!session) return { signedIn: false, message: 'Your email address is confirmed. Sign in with your password to start.' }
  if (event.context.session) await invalidateSession(db, event.context.session.id)
  setSessionCookie(event, session.token, session)
  return { signedIn: true, message: 'Your email address is confirmed, and you are signed in.' }
})
