import { describe, expect, it } from 'vitest'
import { SIGN_IN_WINDOW_MS, signInDelayMs, throttleDecision } from '../../../../server/domain/accounts/throttle'

const now = new Date('2026-03-01T12:00:00Z')
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000)

describe('sign-in throttle: growing delays, not a lock', () => {
  it('lets the first five failures through without any wait', () => {
    expect(throttleDecision([], now)).toEqual({ allowed: true })
    expect(throttleDecision([1, 2, 3, 4].map(secondsAgo), now)).toEqual({ allowed: true })
  })

  it('makes the next attempt after five failures wait 30 seconds from the latest', () => {
    expect(throttleDecision([10, 20, 30, 40, 50].map(secondsAgo), now)).toEqual({ allowed: false, retryAfterSeconds: 20 })
    expect(throttleDecision([31, 40, 50, 60, 70].map(secondsAgo), now)).toEqual({ allowed: true })
  })

  it('doubles the wait with each further failure, up to 15 minutes', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 11, 30].map(signInDelayMs)).toEqual([0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000])
    expect(throttleDecision([1, 2, 3, 4, 5, 6, 7].map(secondsAgo), now)).toEqual({ allowed: false, retryAfterSeconds: 119 })
  })

  it('forgets failures older than the window', () => {
    const old = Array.from({ length: 12 }, (_, i) => secondsAgo(SIGN_IN_WINDOW_MS / 1000 + i + 1))
    expect(throttleDecision(old, now)).toEqual({ allowed: true })
  })
})
