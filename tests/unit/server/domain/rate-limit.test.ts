import { describe, expect, it } from 'vitest'
import { clientKey, rateDecision, windowStart } from '../../../../server/domain/platform/rate-limit'

const rule = { limit: 30, windowMs: 60_000 }

describe('rate limits', () => {
  it('aligns windows to the clock, so every server instance counts in the same window', () => {
    expect(windowStart(new Date('2026-11-23T12:34:56.789Z'), 60_000)).toEqual(new Date('2026-11-23T12:34:00Z'))
  })

  it.each([
    [1, { allowed: true, remaining: 29 }],
    [30, { allowed: true, remaining: 0 }],
  ])('allows hit %i of 30', (hits, expected) => {
    expect(rateDecision(hits, new Date('2026-11-23T12:34:10Z'), rule)).toEqual(expected)
  })

  it.each([
    ['2026-11-23T12:34:10Z', 50],
    ['2026-11-23T12:34:59.500Z', 1],
    ['2026-11-23T12:34:00Z', 60],
  ])('refuses hit 31 at %s until the window ends (%i s)', (now, retryAfterSeconds) => {
    expect(rateDecision(31, new Date(now), rule)).toEqual({ allowed: false, retryAfterSeconds })
  })

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:abcd:12:1::5', '2001:db8:abcd:12::/64'],
    ['2001:DB8:ABCD:0012:ffff::1', '2001:db8:abcd:12::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['', null],
    [undefined, null],
  ])('counts %j as %j', (ip, key) => {
    expect(clientKey(ip)).toBe(key)
  })
})
