/**
 * Errors that mean "the database cannot be reached right now" rather than "this query is wrong":
 * the server is down or restarting, a connection was cut, or connecting timed out. Requests that meet
 * one answer 503 with Retry-After (see toHttpError), so browsers and Stripe try again later, and the
 * connection pool reconnects by itself once PostgreSQL is back.
 */
const UNAVAILABLE_CODES = new Set([
  // Node's socket errors while connecting or talking to PostgreSQL.
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // postgres.js's own codes for a connection that closed, ended or never opened in time.
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down), too_many_connections.
  '57P01', '57P02', '57P03', '53300',
  // query_canceled: here only ever by statement_timeout (server/db/client.ts), a server too busy to answer in time.
  '57014',
])

/** The SQLSTATE class 08 is "connection exception". */
const isConnectionClass = (code: string) => /^08[0-9A-Z]{3}$/.test(code)

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>()
  for (let e = error as { code?: unknown, errno?: unknown, cause?: unknown } | undefined; e && typeof e === 'object' && !seen.has(e); e = e.cause as typeof e) {
    seen.add(e)
    const code = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : ''
    if (UNAVAILABLE_CODES.has(code) || isConnectionClass(code)) return true
    // A connection attempt to several addresses (IPv4 and IPv6) fails with an AggregateError.
    if (e instanceof AggregateError && e.errors.some(inner => isDatabaseUnavailable(inner))) return true
  }
  return false
}

/**
 * The driver's own words for the log: the innermost cause, never drizzle's "Failed query: ..." wrapper,
 * whose text carries the query's parameters (session ids, emails).
 */
export function outageReason(error: unknown): string {
  let e = error as { code?: unknown, message?: unknown, cause?: unknown } | undefined
  for (let depth = 0; e?.cause && typeof e.cause === 'object' && depth < 10; depth++) e = e.cause as typeof e
  const code = typeof e?.code === 'string' ? e.code : 'unknown'
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 200) : ''
  return `${code}${message ? `: ${message}` : ''}`
}

/** Seconds a client should wait before trying again: PostgreSQL usually restarts within a few seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5
