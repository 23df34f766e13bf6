import type { H3Event } from 'h3'
import { sessionCookieExpiry, type SessionTimes } from '../domain/accounts/sessions'

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

/**
 * Proof that this browser is the one that signed up: the hash of the confirmation link's token (or, for an
 * address already registered, a random value, so the answer still looks the same). Confirming the address signs
 * the person in only in that browser; anywhere else the link just confirms. So a link sent by someone else
 * cannot sign a victim into the sender's account, and an account opened in someone else's name stays
 * out of their hands until they reset the password.
 */
function signUpCookieName() {
  return isSecure() ? '__Host-sign-up' : 'sign-up'
}

export function setSignUpCookie(event: H3Event, proof: string, maxAgeSeconds: number) {
  setCookie(event, signUpCookieName(), proof, { httpOnly: true, sameSite: 'lax', secure: isSecure(), path: '/', maxAge: maxAgeSeconds })
}

/** The sign-up proof this browser holds, if any, cleared once read: a confirmation link is used only once. */
export function takeSignUpCookie(event: H3Event): string | null {
  const proof = getCookie(event, signUpCookieName()) ?? null
  if (proof) deleteCookie(event, signUpCookieName(), { httpOnly: true, sameSite: 'lax', secure: isSecure(), path: '/' })
  return proof
}
