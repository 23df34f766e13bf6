import { describe, expect, it } from 'vitest'
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS, judgeSession, sessionCookieExpiry } from '../../../../server/domain/accounts/sessions'

const created = new Date('2026-11-01T09:00:00Z')
const at = (ms: number) => new Date(created.getTime() + ms)

describe('session lifetime', () => {
  it('is valid when fresh, and records activity at most hourly', () => {
    expect(judgeSession({ createdAt: created, lastVerifiedAt: created }, at(SESSION_TOUCH_MS - 1))).toBe('valid')
    expect(judgeSession({ createdAt: created, lastVerifiedAt: created }, at(SESSION_TOUCH_MS))).toBe('valid-touch')
  })

  it('expires after the idle timeout', () => {
    expect(judgeSession({ createdAt: created, lastVerifiedAt: created }, at(SESSION_IDLE_MS - 1))).toBe('valid-touch')
    expect(judgeSession({ createdAt: created, lastVerifiedAt: created }, at(SESSION_IDLE_MS))).toBe('expired')
  })

  it('expires at the absolute lifetime even when used constantly', () => {
    const lastVerifiedAt = at(SESSION_ABSOLUTE_MS - 60_000)
    expect(judgeSession({ createdAt: created, lastVerifiedAt }, at(SESSION_ABSOLUTE_MS - 1))).toBe('valid')
    expect(judgeSession({ createdAt: created, lastVerifiedAt }, at(SESSION_ABSOLUTE_MS))).toBe('expired')
  })

  it('sets the cookie to expire at the earlier limit', () => {
    expect(sessionCookieExpiry({ createdAt: created, lastVerifiedAt: created })).toEqual(at(SESSION_IDLE_MS))
    const late = at(SESSION_ABSOLUTE_MS - 1000)
    expect(sessionCookieExpiry({ createdAt: created, lastVerifiedAt: late })).toEqual(at(SESSION_ABSOLUTE_MS))
  })
})
