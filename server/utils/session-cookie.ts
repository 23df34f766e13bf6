import type { H3Event } from 'h3'
import { sessionCookieExpiry, type SessionTimes } from '../domain/sessions'

function isSecure() {
  return useRuntimeConfig().appEnv !== 'development'
}

/** `__Host-` pins the cookie to this exact origin over HTTPS; development runs over plain HTTP. */
export function sessionCookieName() {
  return isSecure() ? '__Host-session' : 'session'
}

export function setSessionCookie(event: H3Event, token: string, session: SessionTimes) {
  setCookie(event, sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(),
    path: '/',
    expires: sessionCookieExpiry(session),
  })
}

export function clearSessionCookie(event: H3Event) {
  deleteCookie(event, sessionCookieName(), { httpOnly: true, sameSite: 'lax', secure: isSecure(), path: '/' })
}
