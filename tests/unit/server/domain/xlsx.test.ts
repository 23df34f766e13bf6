import { describe, expect, it } from 'vitest'
import { columnLetter, excelDateSerial, rowXml, SHEET_END_XML, sheetStartXml, workbookFiles, xmlText } from '../../../../server/domain/platform/xlsx'

describe('workbook XML', () => {
  it.each([
    [0, 'A'], [8, 'I'], [25, 'Z'], [26, 'AA'], [51, 'AZ'], [52, 'BA'], [701, 'ZZ'], [702, 'AAA'],
  ])('column %i is %s', (index, letters) => {
    expect(columnLetter(index)).toBe(letters)
  })

  it.each([
    ['1899-12-31', 1], ['1900-03-01', 61], ['2026-03-31', 46112], ['2024-02-29', 45351], ['31/03/2026', null], ['', null],
  ])('the Excel serial of %s is %s', (date, serial) => {
    expect(excelDateSerial(date)).toBe(serial)
  })

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlText('<b>"R&D"</b>')).toBe('&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;')
    expect(xmlText('a\u0000b\u0007c\u001Fd\te\nf')).toBe('abcd\te\nf')
    expect(xmlText('René 🙂 \uD800x')).toBe('René 🙂 x')
    expect(xmlText('\uDC00lone low')).toBe('lone low')
    expect(xmlText('plain text')).toBe('plain text')
  })

  it('writes text as inline strings, never as formulas, numbers as numbers and dates as styled serials', () => {
    const xml = rowXml(2, ['=SUM(A1:A9)', 85, { date: '2026-03-31' }, null, '', ' Ann '])
    expect(xml).toBe('<row r="2">'
      + '<c r="A2" t="inlineStr"><is><t>=SUM(A1:A9)</t></is></c>'
      + '<c r="B2"><v>85</v></c>'
      + '<c r="C2" s="2"><v>46112</v></c>'
      + '<c r="F2" t="inlineStr"><is><t xml:space="preserve"> Ann </t></is></c>'
      + '</row>')
    expect(xml).not.toContain('<f>')
    expect(rowXml(3, ['two\nlines', 'tab\there'])).toBe('<row r="3">'
      + '<c r="A3" t="inlineStr"><is><t xml:space="preserve">two\nlines</t></is></c>'
      + '<c r="B3" t="inlineStr"><is><t xml:space="preserve">tab\there</t></is></c></row>')
  })

  it('starts the sheet with widths, a frozen bold header, and closes it', () => {
    const start = sheetStartXml([{ header: 'Name', width: 20 }, { header: 'Score', width: 8 }])
    expect(start).toContain('<col min="1" max="1" width="20" customWidth="1"/>')
    expect(start).toContain('state="frozen"')
    expect(start).toContain('<row r="1"><c r="A1" t="inlineStr" s="1"><is><t>Name</t></is></c>')
    expect(start.endsWith('</row>')).toBe(true)
    expect(SHEET_END_XML).toBe('</sheetData></worksheet>')
  })

  it('has the package parts Excel needs, and a sheet name Excel accepts', () => {
    const files = workbookFiles('Completions: 2026/03 [all] and a name far longer than thirty-one characters')
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml'])
    const name = /<sheet name="([^"]*)"/.exec(files['xl/workbook.xml']!)![1]!
    expect(name.length).toBeLessThanOrEqual(31)
    expect(name).not.toMatch(/[\\/?*[\]:]/)
    expect(files['[Content_Types].xml']).toContain('/xl/worksheets/sheet1.xml')
  })
})
