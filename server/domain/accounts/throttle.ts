import type { RateLimit } from '../platform/rate-limit'

/** Wrong passwords for one account that cost nothing: a person mistyping is never slowed down. */
export const SIGN_IN_FREE_FAILURES = 5
/** Failures older than this are forgotten. */
export const SIGN_IN_WINDOW_MS = 60 * 60 * 1000
/** The first wait, after the last free failure; each further failure doubles it, up to the cap. */
export const SIGN_IN_FIRST_DELAY_MS = 30 * 1000
export const SIGN_IN_MAX_DELAY_MS = 15 * 60 * 1000

export type ThrottleDecision = { allowed: true } | { allowed: false, retryAfterSeconds: number }

/** How long after its latest failure an account with `failures` recent failures must wait: 0, then 30 s, 1 min, 2 min ... 15 min. */
export function signInDelayMs(failures: number): number {
  if (failures < SIGN_IN_FREE_FAILURES) return 0
  return Math.min(SIGN_IN_FIRST_DELAY_MS * 2 ** (failures - SIGN_IN_FREE_FAILURES), SIGN_IN_MAX_DELAY_MS)
}

/**
 * Growing delays rather than a lock (issue 18, item 4): after five failures within the window, the next
 * attempt waits 30 seconds after the latest one, then a minute, two, four ... never more than 15 minutes.
 * A guesser gets a handful of tries an hour; the owner waits minutes at worst, and a password reset clears it.
 */
export function throttleDecision(failures: Date[], now: Date, windowMs = SIGN_IN_WINDOW_MS): ThrottleDecision {
  const since = now.getTime() - windowMs
  // A failure stamped a moment after `now` (a concurrent request that started later) counts too.
  const recent = failures.map(f => f.getTime()).filter(t => t > since)
  const delay = signInDelayMs(recent.length)
  if (!delay) return { allowed: true }
  const allowedAt = Math.max(...recent) + delay
  if (allowedAt <= now.getTime()) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((allowedAt - now.getTime()) / 1000)) }
}

/**
 * Wrong passwords from one client across any accounts (password spraying), and from everyone at once. Only
 * failures count, so a busy office signing in correctly is never held up. Over either limit, sign-in (and the
 * current-password check) answers 429 until the window ends. The global limit is a circuit breaker against a
 * spread-out attack; it is set well above any real rate of mistakes (NUXT_SIGN_IN_GLOBAL_FAILURES_PER_15_MIN).
 */
export function signInClientLimit(limit = 10): RateLimit {
  return { scope: 'sign-in-failures-client', limit, windowMs: 15 * 60 * 1000 }
}

export function signInGlobalLimit(limit = 2000): RateLimit {
  return { scope: 'sign-in-failures-global', limit, windowMs: 15 * 60 * 1000 }
}
