import { tokenSchema } from '#shared/schemas/auth'
import { verifyEmail } from '../../services/accounts'
import { invalidateSession } from '../../services/sessions'

/** Confirms the address and signs its owner in, ending whatever session the browser had before. */
export default defineApiHandler(async (event) => {
  const { token } = await readBodyAs(event, tokenSchema)
  const db = await useDb()
  const { session } = await verifyEmail(db, token)
  if (event.context.session) await invalidateSession(db, event.context.session.id)
  setSessionCookie(event, session.token, session)
  return { message: 'Your email address is confirmed, and you are signed in.' }
})
