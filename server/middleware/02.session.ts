import { validateSessionToken } from '../services/accounts/sessions'

/** Fills event.context.session and .user from the session cookie; renews or clears the cookie as needed. */
export default defineEventHandler(async (event) => {
  // Build files and the site stylesheet are the same for everyone: no session is looked up (or renewed) for them.
  if (event.path.startsWith('/_nuxt/') || event.path.startsWith('/__nuxt') || event.path.startsWith('/_styles/')) return
  const token = getCookie(event, sessionCookieName())
  event.context.session = null
  event.context.user = null
  if (!token) return
  let session
  try {
    session = await validateSessionToken(await useDb(), token)
  }
  catch (error) {
    // Every signed-in request passes here first: a lost database is a 503 for each of them, not a 500.
    throw toHttpError(error, event)
  }
  if (!session) {
    clearSessionCookie(event)
    return
  }
  event.context.session = session
  event.context.user = session.user
  if (session.touched) setSessionCookie(event, token, session)
})
