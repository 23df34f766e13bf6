import { describe, expect, it } from 'vitest'
import { contentTokenValid, signContentToken } from '../../../../server/domain/scorm/scorm-content-token'

const SECRET = 'test-secret-for-scorm-content'
const PKG = '3b0c6e1e-1111-4111-8111-111111111111'
const now = new Date('2026-12-06T10:20:00Z')
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000)

describe('signed addresses for SCORM package files', () => {
  it('opens the package it was signed for, until it runs out (rounded up to the hour)', () => {
    const token = signContentToken(SECRET, PKG, now, 60 * 60)
    expect(token).toMatch(/^\d+\.[\w-]{43}$/)
    expect(contentTokenValid(SECRET, PKG, token, now)).toBe(true)
    expect(contentTokenValid(SECRET, PKG, token, later(60))).toBe(true)
    // 10:20 + 1 h is 11:20, rounded up to 12:00.
    expect(contentTokenValid(SECRET, PKG, token, later(99))).toBe(true)
    expect(contentTokenValid(SECRET, PKG, token, later(100))).toBe(false)
  })

  it('is the same for launches in the same hour, so the browser can cache the files', () => {
    expect(signContentToken(SECRET, PKG, now, 3600)).toBe(signContentToken(SECRET, PKG, later(30), 3600))
  })

  it('refuses another package, another secret, a changed expiry or signature, and junk', () => {
    const token = signContentToken(SECRET, PKG, now, 3600)
    const [expires, signature] = token.split('.')
    expect(contentTokenValid(SECRET, '3b0c6e1e-2222-4111-8111-111111111111', token, now)).toBe(false)
    expect(contentTokenValid('another-secret', PKG, token, now)).toBe(false)
    expect(contentTokenValid(SECRET, PKG, `${Number(expires) + 3600}.${signature}`, now)).toBe(false)
    expect(contentTokenValid(SECRET, PKG, `${expires}.${signature!.replace(/^./, c => c === 'A' ? 'B' : 'A')}`, now)).toBe(false)
    for (const junk of ['', 'shared', `${expires}`, `${expires}.`, `${expires}.${signature}x`, `x.${signature}`]) {
      expect(contentTokenValid(SECRET, PKG, junk, now), junk).toBe(false)
    }
  })
})
