export const SIGN_IN_FAILURE_LIMIT = 5
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000

export type ThrottleDecision = { allowed: true } | { allowed: false, retryAfterSeconds: number }

/**
 * After `limit` failures within `windowMs`, further attempts wait until the oldest failure that
 * keeps the count at the limit leaves the window.
 */
export function throttleDecision(
  failures: Date[],
  now: Date,
  limit = SIGN_IN_FAILURE_LIMIT,
  windowMs = SIGN_IN_WINDOW_MS,
): ThrottleDecision {
  const since = now.getTime() - windowMs
  const recent = failures.map(f => f.getTime()).filter(t => t > since).sort((a, b) => b - a)
  if (recent.length < limit) return { allowed: true }
  const unblocksAt = recent[limit - 1]! + windowMs
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((unblocksAt - now.getTime()) / 1000)) }
}
