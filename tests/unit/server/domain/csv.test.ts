import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CSV_BOM, csvCell, csvRow } from '../../../../server/domain/platform/csv'

describe('CSV cells', () => {
  it.each([
    ['plain text', 'Sam Carer', '"Sam Carer"'],
    ['empty', '', '""'],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['a number', 42, '42'],
    ['a negative number stays a number', -2, '-2'],
    ['not a number', Number.NaN, ''],
    ['a comma', 'Able, Ann', '"Able, Ann"'],
    ['a double quote', 'The "best"', '"The ""best"""'],
    ['a line break', 'one\ntwo', '"one\ntwo"'],
    ['a CRLF', 'one\r\ntwo', '"one\r\ntwo"'],
    ['a formula', '=SUM(A1:A9)', '"\'=SUM(A1:A9)"'],
    ['a plus', '+1+1', '"\'+1+1"'],
    ['a minus', '-2-3', '"\'-2-3"'],
    ['an at', '@SUM(A1)', '"\'@SUM(A1)"'],
    ['a leading tab', '\tthing', '"\'\tthing"'],
    ['a leading carriage return', '\rthing', '"\'\rthing"'],
    ['a formula with quotes and commas', '=HYPERLINK("http://x","a")', '"\'=HYPERLINK(""http://x"",""a"")"'],
    ['an equals sign later on', 'a=b', '"a=b"'],
    ['a hyphenated name', 'Mary-Jane', '"Mary-Jane"'],
    ['accents and emoji', 'René 🙂', '"René 🙂"'],
    ['a leading space', ' Ann', '" Ann"'],
    ['a trailing space', 'Ann ', '"Ann "'],
    ['a space inside', 'Ann Able', '"Ann Able"'],
    ['a date', new Date('2026-03-01T09:30:00Z'), '2026-03-01T09:30:00.000Z'],
    ['an invalid date', new Date('nonsense'), ''],
    ['true', true, 'true'],
    ['a bigint', 12345678901234567890n, '12345678901234567890'],
    ['infinity', Number.POSITIVE_INFINITY, ''],
    ['a formula after a quote', '"=1+1"', '"""=1+1"""'],
    ['a semicolon before a formula (Excel in ; locales)', 'Ann;=cmd|\' /C calc\'!A0', '"Ann;=cmd|\' /C calc\'!A0"'],
  ])('%s', (_, value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })
})

describe('CSV rows', () => {
  it('end with CRLF and read back with a standard parser to the neutralised values', () => {
    const values = ['=1+1', 'Able, "Ann"', 'line\nbreak', 7, null, '@x']
    const text = CSV_BOM + csvRow(['a', 'b', 'c', 'd', 'e', 'f']) + csvRow(values)
    expect(text.endsWith('\r\n')).toBe(true)
    const [header, row] = parse(text, { bom: true }) as string[][]
    expect(header).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(row).toEqual(['\'=1+1', 'Able, "Ann"', 'line\nbreak', '7', '', '\'@x'])
  })

  it('neutralises every formula start and still reads back as the same text after the apostrophe', () => {
    const starts = ['=', '+', '-', '@', '\t', '\r']
    const text = starts.map(c => csvRow([`${c}cmd|' /C calc'!A0`, 'x'])).join('')
    const rows = parse(text, { relax_column_count: false }) as string[][]
    expect(rows.map(r => r[0])).toEqual(starts.map(c => `'${c}cmd|' /C calc'!A0`))
    expect(rows.every(r => r[1] === 'x')).toBe(true)
  })

  it('starts a file with the UTF-8 byte-order mark so spreadsheets read accents', () => {
    expect([...new TextEncoder().encode(CSV_BOM)]).toEqual([0xEF, 0xBB, 0xBF])
  })
})
