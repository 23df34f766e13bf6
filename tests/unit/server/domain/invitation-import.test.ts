import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../../server/domain/platform/errors'
import { decodeUpload, isCsvContentType, parseInvitationCsv, parsePastedList } from '../../../../server/domain/organisations/invitation-import'

const people = (list: { email: string, name: string | null }[]) => list.map(p => ({ email: p.email, name: p.name }))

describe('reading a CSV of people', () => {
  it.each([
    ['one address a line, no header', 'a@x.org\nb@x.org\n', [{ email: 'a@x.org', name: null }, { email: 'b@x.org', name: null }]],
    ['email then name, no header', 'a@x.org,Ann Able\n', [{ email: 'a@x.org', name: 'Ann Able' }]],
    ['a header in any order', 'Name,Email address\nAnn Able,a@x.org\n', [{ email: 'a@x.org', name: 'Ann Able' }]],
    ['first and last names', 'Email,First name,Surname\na@x.org,Ann,Able\n', [{ email: 'a@x.org', name: 'Ann Able' }]],
    ['semicolons (Excel in many locales)', 'email;name\na@x.org;"Able; Ann"\n', [{ email: 'a@x.org', name: 'Able; Ann' }]],
    ['tabs', 'e-mail\tname\na@x.org\tAnn\n', [{ email: 'a@x.org', name: 'Ann' }]],
    ['a BOM and CRLF', '\uFEFFemail\r\na@x.org\r\n', [{ email: 'a@x.org', name: null }]],
    ['quoted fields with commas and quotes', 'email,name\na@x.org,"Able, ""Ann"""\n', [{ email: 'a@x.org', name: 'Able, "Ann"' }]],
    ['blank lines and empty rows', 'email\n\na@x.org\n,\n\nb@x.org', [{ email: 'a@x.org', name: null }, { email: 'b@x.org', name: null }]],
    ['ragged rows', 'email,name\na@x.org\nb@x.org,Bo,extra\n', [{ email: 'a@x.org', name: null }, { email: 'b@x.org', name: 'Bo' }]],
    ['formula-like cells stay text', 'email,name\na@x.org,=1+1\n', [{ email: 'a@x.org', name: '=1+1' }]],
  ])('%s', (_, text, expected) => {
    expect(people(parseInvitationCsv(text))).toEqual(expected)
  })

  it('keeps the line number of each row for the preview', () => {
    expect(parseInvitationCsv('email\na@x.org\n\nb@x.org\n').map(r => r.line)).toEqual([2, 4])
  })

  it.each([
    ['empty', '', 'csv_empty'],
    ['only blank lines', '\n\n\n', 'csv_empty'],
    ['a header and nobody', 'email,name\n', 'csv_empty'],
    ['an unclosed quote', 'email\n"a@x.org\n', 'csv_malformed'],
    ['too many rows', `email\n${'a@x.org\n'.repeat(5001)}`, 'too_many_rows'],
  ])('refuses %s', (_, text, code) => {
    try {
      parseInvitationCsv(text)
      expect.unreachable()
    }
    catch (error) {
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).details.code).toBe(code)
    }
  })
})

describe('decoding an upload', () => {
  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeUpload(new TextEncoder().encode('René'))).toBe('René')
    expect(decodeUpload(new Uint8Array([0x52, 0x65, 0x6E, 0xE9]))).toBe('René')
  })

  it('refuses binary files such as .xlsx (a zip) with a 415', () => {
    expect(() => decodeUpload(new Uint8Array([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]))).toThrow(/not a CSV file/)
  })

  it.each([
    ['text/csv', true],
    ['text/csv; charset=utf-8', true],
    ['application/vnd.ms-excel', true],
    ['TEXT/PLAIN', true],
    ['application/json', false],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('content type %s → %s', (type, ok) => {
    expect(isCsvContentType(type)).toBe(ok)
  })
})

describe('reading a pasted list', () => {
  it.each([
    ['one address', 'a@x.org', [{ email: 'a@x.org', name: null }]],
    ['one a line', 'a@x.org\nb@x.org', [{ email: 'a@x.org', name: null }, { email: 'b@x.org', name: null }]],
    ['commas, semicolons and spaces', 'a@x.org, b@x.org; c@x.org d@x.org', ['a', 'b', 'c', 'd'].map(l => ({ email: `${l}@x.org`, name: null }))],
    ['as mail programs copy them', 'Ann Able <a@x.org>; "Bo Bee" <b@x.org>', [{ email: 'a@x.org', name: 'Ann Able' }, { email: 'b@x.org', name: 'Bo Bee' }]],
    ['stray words become rows the preview marks', 'Ann a@x.org', [{ email: 'Ann', name: null }, { email: 'a@x.org', name: null }]],
    ['Outlook: surname first, semicolons', 'Hughes, Olivia <olivia.hughes@x.org>; Wright, Tom <tom.wright@x.org>', [{ email: 'olivia.hughes@x.org', name: 'Olivia Hughes' }, { email: 'tom.wright@x.org', name: 'Tom Wright' }]],
    ['Outlook with a trailing semicolon and spaces', '  Hughes, Olivia <o@x.org>;  ', [{ email: 'o@x.org', name: 'Olivia Hughes' }]],
    ['surname first, separated by commas', 'Hughes, Olivia <o@x.org>, Wright, Tom <t@x.org>', [{ email: 'o@x.org', name: 'Olivia Hughes' }, { email: 't@x.org', name: 'Tom Wright' }]],
    ['a quoted surname-first name', '"Hughes, Olivia" <o@x.org>', [{ email: 'o@x.org', name: 'Olivia Hughes' }]],
    ['a quoted name with a semicolon and an escaped quote', '"Wright; Tom \\"TJ\\"" <t@x.org>', [{ email: 't@x.org', name: 'Wright; Tom "TJ"' }]],
    ['first name first', 'Olivia Hughes <o@x.org>', [{ email: 'o@x.org', name: 'Olivia Hughes' }]],
    ['one a line, mixed forms', 'Hughes, Olivia <o@x.org>\r\nt@x.org\n\n"Sam Carer" <s@x.org>', [{ email: 'o@x.org', name: 'Olivia Hughes' }, { email: 't@x.org', name: null }, { email: 's@x.org', name: 'Sam Carer' }]],
    ['bare address then a surname-first entry, by commas', 'a@x.org, Hughes, Olivia <o@x.org>', [{ email: 'a@x.org', name: null }, { email: 'o@x.org', name: 'Olivia Hughes' }]],
    ['a name that is the address again is dropped', "'o@x.org' <o@x.org>", [{ email: 'o@x.org', name: null }]],
    ['an unclosed quote spoils only its own line', '"Hughes <o@x.org>\nt@x.org', [{ email: 'o@x.org', name: '"Hughes' }, { email: 't@x.org', name: null }]],
    ['a name with a web address is kept for the preview to refuse', 'www.bad.example, Olivia <o@x.org>', [{ email: 'o@x.org', name: 'Olivia www.bad.example' }]],
  ])('%s', (_, text, expected) => {
    expect(people(parsePastedList(text))).toEqual(expected)
  })

  it('refuses an empty list', () => {
    expect(() => parsePastedList(' \n ,; ')).toThrow(/at least one email/)
  })

  it('numbers people in the order pasted', () => {
    expect(parsePastedList('Hughes, Olivia <o@x.org>; Wright, Tom <t@x.org>').map(p => p.line)).toEqual([1, 2])
  })

  it('still refuses more people than one list may invite', () => {
    expect(() => parsePastedList('Able, Ann <a@x.org>; '.repeat(5001))).toThrow(DomainError)
  })
})
