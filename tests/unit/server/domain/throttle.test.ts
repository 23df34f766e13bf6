import { describe, expect, it } from 'vitest'
import { SIGN_IN_WINDOW_MS, throttleDecision } from '../../../../server/domain/throttle'

const now = new Date('2026-11-23T12:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)

describe('sign-in throttling', () => {
  it('allows up to four recent failures', () => {
    expect(throttleDecision([], now)).toEqual({ allowed: true })
    expect(throttleDecision([1, 2, 3, 4].map(minutesAgo), now)).toEqual({ allowed: true })
  })

  it('blocks the sixth attempt after five failures within 15 minutes', () => {
    const decision = throttleDecision([1, 2, 3, 4, 5].map(minutesAgo), now)
    expect(decision.allowed).toBe(false)
  })

  it('says when to retry: when the fifth most recent failure leaves the window', () => {
    // Failures 1..5 minutes ago: the oldest (5 min) leaves the 15-minute window in 10 minutes.
    expect(throttleDecision([1, 2, 3, 4, 5].map(minutesAgo), now)).toEqual({ allowed: false, retryAfterSeconds: 600 })
    // With six failures, the fifth most recent (5 min ago) still decides.
    expect(throttleDecision([1, 2, 3, 4, 5, 14].map(minutesAgo), now)).toEqual({ allowed: false, retryAfterSeconds: 600 })
  })

  it('forgets failures older than the window', () => {
    expect(throttleDecision([1, 2, 3, 4, 15].map(minutesAgo), now)).toEqual({ allowed: true })
    expect(throttleDecision([16, 17, 18, 19, 20, 21].map(minutesAgo), now)).toEqual({ allowed: true })
  })

  it('never asks to wait less than a second at the edge of the window', () => {
    const edge = new Date(now.getTime() - SIGN_IN_WINDOW_MS + 1)
    const decision = throttleDecision([edge, ...[1, 2, 3, 4].map(minutesAgo)], now)
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })
})
