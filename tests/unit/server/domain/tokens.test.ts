import { describe, expect, it } from 'vitest'
import { generateRandomToken, hashToken, newSessionToken, parseSessionToken, sameBytes, sha256Bytes } from '../../../../server/domain/platform/tokens'

describe('random tokens', () => {
  it('carries at least 160 bits and never repeats in practice', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => generateRandomToken()))
    expect(tokens.size).toBe(2000)
    for (const t of tokens) expect(t).toMatch(/^[a-z2-7]{32}$/) // 32 base32 chars = 160 bits
  })

  it('stores only a hash that does not contain the token', () => {
    const token = generateRandomToken()
    const hashed = hashToken(token)
    expect(hashed).toMatch(/^[0-9a-f]{64}$/)
    expect(hashed).not.toContain(token)
    expect(hashToken(token)).toBe(hashed)
  })
})

describe('session tokens', () => {
  it('round-trips id.secret', () => {
    const { id, secret, token } = newSessionToken()
    expect(token).toBe(`${id}.${secret}`)
    expect(parseSessionToken(token)).toEqual({ id, secret })
  })

  it.each([
    ['', 'empty'],
    ['abc', 'no separator'],
    ['a.b.c', 'two separators'],
    ['UPPERCASEUPPERCASE.lowercaselowercase', 'outside the alphabet'],
    ['short.short', 'too short'],
    [`${'a'.repeat(100)}.${'b'.repeat(32)}`, 'too long'],
  ])('rejects %j (%s)', (token) => {
    expect(parseSessionToken(token)).toBeNull()
  })

  it('verifies a secret against its stored hash, and nothing else', () => {
    const { secret } = newSessionToken()
    const stored = sha256Bytes(secret)
    expect(sameBytes(stored, sha256Bytes(secret))).toBe(true)
    expect(sameBytes(stored, sha256Bytes(`${secret}x`))).toBe(false)
    expect(sameBytes(stored, stored.slice(0, 16))).toBe(false)
  })
})
