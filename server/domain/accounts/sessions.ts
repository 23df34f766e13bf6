/** How long a session lives. Carers learn in short sittings over weeks, so idle time is generous but capped. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000
/** last_verified_at is written at most this often, so reading pages does not write on every request. */
export const SESSION_TOUCH_MS = 60 * 60 * 1000

export interface SessionTimes {
  createdAt: Date
  lastVerifiedAt: Date
}

export type SessionVerdict = 'valid' | 'valid-touch' | 'expired'

/** Decides whether a session is still good at `now`, and whether to record activity. */
export function judgeSession(session: SessionTimes, now: Date): SessionVerdict {
  const t = now.getTime()
  if (t - session.createdAt.getTime() >= SESSION_ABSOLUTE_MS) return 'expired'
  if (t - session.lastVerifiedAt.getTime() >= SESSION_IDLE_MS) return 'expired'
  if (t - session.lastVerifiedAt.getTime() >= SESSION_TOUCH_MS) return 'valid-touch'
  return 'valid'
}

/** When the cookie should expire: the earlier of the idle and absolute limits. */
export function sessionCookieExpiry(session: SessionTimes): Date {
  return new Date(Math.min(
    session.createdAt.getTime() + SESSION_ABSOLUTE_MS,
    session.lastVerifiedAt.getTime() + SESSION_IDLE_MS,
  ))
}
