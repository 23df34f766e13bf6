import { describe, expect, it } from 'vitest'
import { containsNul, multilineText, nameText, text } from '../../../../shared/types/text'
import { bodyLimitFor, DEFAULT_BODY_LIMIT_BYTES } from '../../../../server/domain/platform/body-limits'

describe('free text (issue 18)', () => {
  it('refuses control characters on one line, keeps line breaks and tabs in several', () => {
    expect(text().safeParse('Sam Carer').success).toBe(true)
    for (const bad of ['a\u0000b', 'a\u0007', 'a\nb', 'a\u007F', 'a\u009B']) expect(text().safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    expect(multilineText().safeParse('one\r\ntwo\tthree').success).toBe(true)
    for (const bad of ['a\u0000', 'a\u0008', 'a\u001B[31m']) expect(multilineText().safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('refuses half a character (a lone surrogate), which PostgreSQL cannot store, and keeps whole ones', () => {
    for (const bad of ['a\ud800', '\udc00b', 'x\ud83d']) {
      expect(text().safeParse(bad).success, JSON.stringify(bad)).toBe(false)
      expect(multilineText().safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(text().safeParse('Reading 📖 with Zoë').success).toBe(true)
    expect(multilineText().safeParse('一二三\n😀').success).toBe(true)
  })

  it.each([
    ['Jo Bloggs', true],
    ['J.R.R. Tolkien', true],
    ['St. Mary\'s Children\'s Services', true],
    ['Anne-Marie O\'Neill', true],
    ['René Ørsted', true],
    ['Visit https://evil.example', false],
    ['www.evil', false],
    ['Prize at evil.example.com/win', false],
    ['hxxp://x.co', false],
  ])('a name %j is accepted: %s', (name, ok) => {
    expect(nameText().safeParse(name).success).toBe(ok)
  })

  it('finds NUL anywhere in a JSON body, keys included, however deep', () => {
    let deep: unknown = 'x\u0000'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(containsNul(deep)).toBe(true)
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true)
    expect(containsNul({ a: [{ b: 'fine' }], n: 3 })).toBe(false)
  })
})

describe('body limits by route', () => {
  it('gives named routes their own limit and everything else the default', () => {
    expect(bodyLimitFor('/api/auth/sign-in', 5e6)).toEqual({ maxBytes: DEFAULT_BODY_LIMIT_BYTES, streamed: false })
    expect(bodyLimitFor('/webhooks/stripe', 5e6).maxBytes).toBe(256 * 1024)
    expect(bodyLimitFor('/api/orgs/abc/invitations/csv?x=1', 5e6).maxBytes).toBe(1024 * 1024)
    expect(bodyLimitFor('/api/admin/scorm/packages/', 5e6)).toEqual({ maxBytes: 5e6, streamed: true })
  })
})
