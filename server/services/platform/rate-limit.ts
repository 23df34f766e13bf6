import { and, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { rateLimitWindows } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { LONGEST_WINDOW_MS, rateDecision, windowStart, type RateDecision, type RateLimit } from '../../domain/platform/rate-limit'

/**
 * Counts one request against a limit, atomically in PostgreSQL (one upsert), so the limit holds across
 * any number of stateless server instances. Windows that no limit can still be using are cleared as new
 * windows open. A null key (an unknown client) is never counted: it is allowed.
 */
export async function hitRateLimit(db: Db, rule: RateLimit, clientKey: string | null, now = new Date()): Promise<RateDecision> {
  if (clientKey === null) return { allowed: true, remaining: rule.limit }
  const start = windowStart(now, rule.windowMs)
  const [row] = await db.insert(rateLimitWindows).values({ scope: rule.scope, clientKey, windowStart: start, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.scope, rateLimitWindows.clientKey, rateLimitWindows.windowStart],
      set: { hits: sql`${rateLimitWindows.hits} + 1` },
    })
    .returning({ hits: rateLimitWindows.hits, inserted: sql<boolean>`xmax = 0` })
  if (row!.inserted) {
    await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, new Date(now.getTime() - LONGEST_WINDOW_MS - 60 * 60 * 1000)))
  }
  return rateDecision(row!.hits, now, rule)
}

/** Whether one more would be allowed, without counting it: for limits that count only failures. */
export async function peekRateLimit(db: Db, rule: RateLimit, clientKey: string | null, now = new Date()): Promise<RateDecision> {
  if (clientKey === null) return { allowed: true, remaining: rule.limit }
  const start = windowStart(now, rule.windowMs)
  const [row] = await db.select({ hits: rateLimitWindows.hits }).from(rateLimitWindows).where(and(
    eq(rateLimitWindows.scope, rule.scope),
    eq(rateLimitWindows.clientKey, clientKey),
    eq(rateLimitWindows.windowStart, start),
  ))
  return rateDecision((row?.hits ?? 0) + 1, now, rule)
}

function throttled(message: string, decision: RateDecision) {
  return new DomainError('throttled', message, { code: 'rate_limited', retryAfterSeconds: decision.allowed ? 1 : decision.retryAfterSeconds })
}

/** Throws a 429 (with Retry-After) once the client is over the limit. */
export async function enforceRateLimit(db: Db, rule: RateLimit, clientKey: string | null, message: string, now = new Date()) {
  const decision = await hitRateLimit(db, rule, clientKey, now)
  if (!decision.allowed) throw throttled(message, decision)
}

/** Throws a 429 when the limit is already used up, counting nothing. */
export async function assertUnderRateLimit(db: Db, rule: RateLimit, clientKey: string | null, message: string, now = new Date()) {
  const decision = await peekRateLimit(db, rule, clientKey, now)
  if (!decision.allowed) throw throttled(message, decision)
}
