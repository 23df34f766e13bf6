import { describe, expect, it } from 'vitest'
import {
  CODE_ALPHABET, CODE_LENGTH, checkCharacter, formatCode, generateCertificateCode, hasValidCheckCharacter, parseCertificateCode,
} from '#shared/certificate-code'

const compact = (code: string) => code.replaceAll('-', '')
const samples = Array.from({ length: 40 }, () => generateCertificateCode())
// Fixed bodies too, so edge values (all the first or the last character) are always covered.
const fixed = ['222222222222222', 'YYYYYYYYYYYYYYY', '23456789ACDEFGH', 'YXWVTRQPNMKJHGF'].map(b => formatCode(b + checkCharacter(b)))

describe('certificate codes', () => {
  it('uses 27 characters with no look-alikes', () => {
    expect(CODE_ALPHABET).toHaveLength(27)
    expect(new Set(CODE_ALPHABET).size).toBe(27)
    for (const c of '01OILBSZU') expect(CODE_ALPHABET).not.toContain(c)
  })

  it('generates 16 characters in four groups of four, at least 60 bits of randomness', () => {
    for (const code of samples) {
      expect(code).toMatch(/^[2-9ACDEFGHJKMNPQRTVWXY]{4}(-[2-9ACDEFGHJKMNPQRTVWXY]{4}){3}$/)
      expect(hasValidCheckCharacter(compact(code))).toBe(true)
    }
    expect(15 * Math.log2(CODE_ALPHABET.length)).toBeGreaterThan(60)
    expect(new Set(samples).size).toBe(samples.length)
  })

  it('skips random bytes that would bias the draw (243 to 255), so every character is equally likely', () => {
    const buffers = [255, 243, 0].map(v => (b: Uint8Array) => b.fill(v))
    let call = 0
    const code = generateCertificateCode(b => buffers[Math.min(call++, 2)]!(b))
    expect(compact(code).slice(0, 15)).toBe('222222222222222')
    expect(call).toBe(3)
    // 242 is the last usable byte: 242 mod 27 = 26, the last character.
    expect(compact(generateCertificateCode(b => b.fill(242))).slice(0, 15)).toBe('Y'.repeat(15))
  })

  it('detects every single-character substitution of sample codes', () => {
    let tried = 0
    for (const code of [...samples, ...fixed]) {
      const chars = [...compact(code)]
      for (let i = 0; i < chars.length; i++) {
        for (const other of CODE_ALPHABET) {
          if (other === chars[i]) continue
          const typo = [...chars]
          typo[i] = other
          expect(hasValidCheckCharacter(typo.join('')), `${code} with ${other} at ${i}`).toBe(false)
          expect(parseCertificateCode(typo.join(''))).toMatchObject({ ok: false, problem: 'check' })
          tried++
        }
      }
    }
    expect(tried).toBe((samples.length + fixed.length) * CODE_LENGTH * 26)
  })

  it('detects every swap of two neighbouring characters', () => {
    for (const code of [...samples, ...fixed]) {
      const chars = [...compact(code)]
      for (let i = 0; i + 1 < chars.length; i++) {
        if (chars[i] === chars[i + 1]) continue
        const swapped = [...chars]
        ;[swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!]
        expect(hasValidCheckCharacter(swapped.join('')), `${code} swapping ${i}`).toBe(false)
      }
    }
  })

  it.each([
    ['lower case, no hyphens', (c: string) => compact(c).toLowerCase()],
    ['spaces between groups', (c: string) => c.replaceAll('-', ' ')],
    ['spaces, tabs and stray hyphens anywhere', (c: string) => ` ${compact(c).slice(0, 3)}\t-${compact(c).slice(3)}- `],
    ['en dashes', (c: string) => c.replaceAll('-', '–')],
    ['full-width characters', (c: string) => [...c].map(ch => String.fromCodePoint(ch.codePointAt(0)! + 0xFEE0)).join('').replaceAll('\uFF0D', '-')],
  ])('reads a code typed with %s', (_label, typed) => {
    for (const code of samples.slice(0, 5)) expect(parseCertificateCode(typed(code))).toEqual({ ok: true, code })
  })

  it.each([
    ['B', '8'], ['b', '8'], ['S', '5'], ['s', '5'], ['Z', '2'], ['z', '2'], ['U', 'V'], ['u', 'V'],
  ])('reads the look-alike %s as %s', (typed, meant) => {
    const base = fixed[0]!.replaceAll('-', '') // all 2s, so put the meant character in and recompute the check
    const body = meant + base.slice(1, 15)
    const code = formatCode(body + checkCharacter(body))
    expect(parseCertificateCode(typed + code.slice(1))).toEqual({ ok: true, code })
  })

  it.each([
    ['', 'empty', /Enter the certificate code/],
    ['  - ', 'empty', /Enter the certificate code/],
    ['K7QX-4MHD-93TR-WE8O', 'characters', /never contain O/],
    ['K7Q1-4MHD-93TR-WE8A', 'characters', /never contain 1/],
    ['K7QX-4MHD-93TR-WE8!', 'characters', /"!" is not used/],
    ['K7QX-4MHD-93TR', 'length', /has 16 characters; this one has 12/],
    ['K7QX-4MHD-93TR-WE8AA', 'length', /this one has 17/],
  ])('explains what is wrong with %j', (typed, problem, message) => {
    const parsed = parseCertificateCode(typed)
    expect(parsed).toMatchObject({ ok: false, problem })
    expect(parsed.ok ? '' : parsed.message).toMatch(message)
  })
})
