import { lt, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { rateLimitWindows } from '../db/schema'
import { DomainError } from '../domain/errors'
import { rateDecision, windowStart, type RateDecision, type RateLimit } from '../domain/rate-limit'

/**
 * Counts one request against a limit, atomically in PostgreSQL (one upsert), so the limit holds across
 * any number of stateless server instances. Windows older than an hour are cleared as new windows open.
 */
export async function hitRateLimit(db: Db, rule: RateLimit, clientKey: string, now = new Date()): Promise<RateDecision> {
  const start = windowStart(now, rule.windowMs)
  const [row] = await db.insert(rateLimitWindows).values({ scope: rule.scope, clientKey, windowStart: start, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.scope, rateLimitWindows.clientKey, rateLimitWindows.windowStart],
      set: { hits: sql`${rateLimitWindows.hits} + 1` },
    })
    .returning({ hits: rateLimitWindows.hits, inserted: sql<boolean>`xmax = 0` })
  if (row!.inserted) {
    await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, new Date(start.getTime() - 60 * 60 * 1000)))
  }
  return rateDecision(row!.hits, now, rule)
}

/** Throws a 429 (with Retry-After) once the client is over the limit. */
export async function enforceRateLimit(db: Db, rule: RateLimit, clientKey: string, message: string, now = new Date()) {
  const decision = await hitRateLimit(db, rule, clientKey, now)
  if (!decision.allowed) throw new DomainError('throttled', message, { code: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds })
}
