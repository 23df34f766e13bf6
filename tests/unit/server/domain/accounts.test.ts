import { describe, expect, it } from 'vitest'
import { normaliseEmail, passwordProblems } from '../../../../server/domain/accounts/accounts'

describe('password rules', () => {
  it.each([
    ['correct horse battery', true],
    ['ten chars!', true],
    ['x'.repeat(128), false], // one repeated character
    ['ab'.repeat(64), true], // exactly 128
    ['nine char', false],
    ['ab'.repeat(64) + 'c', false], // 129
    ['password123', false], // common
    ['PASSWORD123', false], // common, whatever the case
    ['1234567890', false],
    ['qwertyuiop', false],
    ['aaaaaaaaaaaa', false],
    ['ünïcödé pässwörd', true],
  ])('%j acceptable: %s', (password, ok) => {
    expect(passwordProblems(password).length === 0).toBe(ok)
  })

  it('counts characters, not bytes', () => {
    expect(passwordProblems('🙂'.repeat(10))).toEqual([])
    expect(passwordProblems('🙂'.repeat(9))).toEqual(['Use at least 10 characters.'])
  })

  it('refuses the email address as a password', () => {
    expect(passwordProblems('carer.name@example.org', { email: 'Carer.Name@example.org' })).toContain('Do not use your email address as your password.')
    expect(passwordProblems('carer.name', { email: 'carer.name@example.org' })).toContain('Do not use your email address as your password.')
  })

  it('explains every problem in words a person can act on', () => {
    expect(passwordProblems('short')).toEqual(['Use at least 10 characters.'])
    expect(passwordProblems('a'.repeat(129))).toEqual(['Use at most 128 characters.', 'Do not repeat one character.'])
  })
})

describe('email normalisation', () => {
  it.each([
    ['  Ann@Example.ORG ', 'ann@example.org'],
    ['ann@example.org', 'ann@example.org'],
  ])('%j → %j', (raw, normal) => expect(normaliseEmail(raw)).toBe(normal))
})
