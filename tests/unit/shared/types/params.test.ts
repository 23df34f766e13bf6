import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formatCode, generateCertificateCode } from '#shared/certificate-code'
import { certificateCodeParam, isUuid, nameParam, uuidParam } from '#shared/types/params'

describe('route parameter schemas', () => {
  it('takes any UUID PostgreSQL stores (version 8 ones too) and nothing else', () => {
    expect(isUuid('0b6a3f7e-1d2c-4e5f-8a9b-0c1d2e3f4a5b')).toBe(true)
    expect(isUuid('0B6A3F7E-1D2C-8E5F-8A9B-0C1D2E3F4A5B')).toBe(true)
    for (const bad of ['', 'not-a-uuid', '0b6a3f7e-1d2c-4e5f-8a9b-0c1d2e3f4a5', '0b6a3f7e1d2c4e5f8a9b0c1d2e3f4a5b', ' 0b6a3f7e-1d2c-4e5f-8a9b-0c1d2e3f4a5b', 42, null]) {
      expect(isUuid(bad), String(bad)).toBe(false)
    }
  })

  it('refuses a malformed id with the message it was given, and the code if any', () => {
    const parsed = z.object({ teamId: uuidParam('There is no such team in this organisation.', 'team_not_found') }).safeParse({ teamId: 'x' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]).toMatchObject({ message: 'There is no such team in this organisation.', params: { code: 'team_not_found' } })
    expect(z.object({ id: uuidParam() }).safeParse({}).error?.issues[0]?.message).toBe('Not found.')
  })

  it('limits content names to 1 to 100 characters, with one message for every failure', () => {
    const schema = z.object({ id: nameParam('There is no such section in this course.') })
    expect(schema.parse({ id: 'introduction' })).toEqual({ id: 'introduction' })
    for (const id of ['', 'x'.repeat(101), undefined]) {
      expect(schema.safeParse({ id }).error?.issues[0]?.message).toBe('There is no such section in this course.')
    }
  })

  it('reads a certificate code as typed into canonical form, and says what is wrong with a mistyped one', () => {
    const code = generateCertificateCode()
    expect(certificateCodeParam.parse(code.toLowerCase().replace(/-/g, ' '))).toBe(formatCode(code.replace(/-/g, '')))
    const typo = certificateCodeParam.safeParse(`${code.slice(0, -1)}O`)
    expect(typo.error?.issues[0]).toMatchObject({ code: 'custom', params: { code: 'mistyped' } })
    expect(typo.error?.issues[0]?.message).toMatch(/never contain O/)
  })
})
