/** Fixed-window rate limits: pure arithmetic, so the counting itself can live in PostgreSQL. */

export interface RateLimit {
  /** What is being limited, e.g. `certificate-lookup`. */
  scope: string
  limit: number
  windowMs: number
}

export type RateDecision = { allowed: true, remaining: number } | { allowed: false, retryAfterSeconds: number }

/** The start of the window `now` falls in: windows are aligned to the epoch, so every instance agrees. */
export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs)
}

/** The longest window any limit uses: counts older than this (and an hour's grace) are deleted. */
export const LONGEST_WINDOW_MS = 24 * 60 * 60 * 1000

/** Decides on the request that brought the window's count to `hits`. */
export function rateDecision(hits: number, now: Date, rule: Pick<RateLimit, 'limit' | 'windowMs'>): RateDecision {
  if (hits <= rule.limit) return { allowed: true, remaining: rule.limit - hits }
  const endsAt = windowStart(now, rule.windowMs).getTime() + rule.windowMs
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) }
}

/**
 * The key a client is counted under. IPv6 clients usually control a whole /64, so they count as one;
 * IPv4 (also IPv4-mapped IPv6) counts per address. An unknown address is null: it is never counted with other
 * unknown ones (one shared bucket would let a few requests lock everyone out), and only the per-client limit
 * is skipped for it; a real client always has an address, and calls made inside the server pass theirs on.
 */
export function clientKey(ip: string | undefined | null): string | null {
  const address = (ip ?? '').trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (!address) return null
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.split('::')
  const headParts = head ? head.split(':') : []
  const tailParts = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...headParts, ...Array<string>(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts]
    : headParts
  return `${groups.slice(0, 4).map(g => g.replace(/^0+(?=.)/, '')).join(':')}::/64`
}
