/**
 * Signed addresses for SCORM package files. The content origin sends and reads no cookies, so a file request
 * proves it came from a launch by a token in its path: the package id and an expiry, signed with HMAC-SHA256.
 * The token names no viewer, so every file of one launch (and of launches in the same hour) shares it and the
 * browser can cache them; it is handed out only by the launch endpoint, after the access check. The same
 * signing covers one launch's last commit from the package's frame as the page closes (scormExitUrl).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Expiries are rounded up to the hour, so launches close together share addresses (and the browser's cache). */
const ROUND_SECONDS = 3600

function signature(secret: string, subject: string, expires: number) {
  return createHmac('sha256', secret).update(`scorm-content\n${subject}\n${expires}`).digest('base64url')
}

/**
 * A token for `subject` (a package id for its files; `<attemptId>/<launch>` for one launch's last commit),
 * valid for at least `ttlSeconds` from `now`. Looks like `1767225600.<sig>`.
 */
export function signContentToken(secret: string, subject: string, now: Date, ttlSeconds: number): string {
  const expires = Math.ceil((now.getTime() / 1000 + ttlSeconds) / ROUND_SECONDS) * ROUND_SECONDS
  return `${expires}.${signature(secret, subject, expires)}`
}

/** Whether a token was signed for this subject with this secret and has not run out. */
export function contentTokenValid(secret: string, subject: string, token: string, now: Date): boolean {
  const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token)
  if (!match) return false
  const expires = Number(match[1])
  if (expires * 1000 <= now.getTime()) return false
  const expected = Buffer.from(signature(secret, subject, expires))
  const given = Buffer.from(match[2]!)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
