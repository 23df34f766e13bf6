/**
 * The parts of a one-sheet Excel workbook (Office Open XML, ECMA-376), written as text so a sheet of any
 * length can be streamed into a zip row by row (server/services/platform/xlsx-stream.ts). Text goes in as inline
 * strings, which Excel shows as typed and never runs as a formula, so no `'` prefix is needed as in CSV;
 * numbers as numbers; calendar dates as Excel date serials with a yyyy-mm-dd format.
 */

/** A cell: text, a whole or decimal number, a calendar date ({ date: 'YYYY-MM-DD' }), or nothing. */
export type XlsxValue = string | number | { date: string } | null | undefined

export interface XlsxColumn {
  header: string
  /** Width in characters. */
  width: number
}

/** Style indexes in STYLES_XML's cellXfs. */
const STYLE_HEADER = 1
const STYLE_DATE = 2

/** Characters XML 1.0 cannot carry at all (controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex -- these control characters are what the pattern removes
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Anything xmlText has to change: most cells have none, and skip the replacements (100,000 rows add up). */
// eslint-disable-next-line no-control-regex -- as above
const NEEDS_ESCAPING = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/

export function xmlText(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Spaces at either end, or line breaks and tabs, which XML would otherwise let a reader fold away. */
const KEEP_SPACE = /^\s|\s$|[\t\n\r]/

/** A, B, … Z, AA, AB, … for a zero-based column index. */
export function columnLetter(index: number): string {
  return LETTERS[index] ?? lettersOf(index)
}

function lettersOf(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    letters = String.fromCharCode(65 + rem) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

const LETTERS = Array.from({ length: 64 }, (_, i) => lettersOf(i))

const EXCEL_EPOCH_DAY = Date.UTC(1899, 11, 30) / 86_400_000

/** Excel's serial number for a calendar date (days since 1899-12-30), or null if it is not YYYY-MM-DD. */
export function excelDateSerial(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return null
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return Number.isNaN(time) ? null : time / 86_400_000 - EXCEL_EPOCH_DAY
}

function cellXml(ref: string, value: XlsxValue, style = 0): string {
  const s = style ? ` s="${style}"` : ''
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : ''
  if (typeof value === 'object') {
    const serial = excelDateSerial(value.date)
    return serial === null ? '' : `<c r="${ref}" s="${STYLE_DATE}"><v>${serial}</v></c>`
  }
  const space = KEEP_SPACE.test(value) ? ' xml:space="preserve"' : ''
  return `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${xmlText(value)}</t></is></c>`
}

/** One `<row>` of the sheet; `rowNumber` counts from 1 (the header row). */
export function rowXml(rowNumber: number, values: readonly XlsxValue[], style = 0): string {
  let cells = ''
  for (let i = 0; i < values.length; i++) cells += cellXml(columnLetter(i) + rowNumber, values[i], style)
  return `<row r="${rowNumber}">${cells}</row>`
}

/** The sheet up to and including its header row: column widths, the header frozen at the top. */
export function sheetStartXml(columns: readonly XlsxColumn[]): string {
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    + `<cols>${cols}</cols><sheetData>`
    + rowXml(1, columns.map(c => c.header), STYLE_HEADER)
}

export const SHEET_END_XML = '</sheetData></worksheet>'

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** The fixed files of the workbook, by path in the zip; the sheet itself is xl/worksheets/sheet1.xml. */
export function workbookFiles(sheetName: string): Record<string, string> {
  return {
    '[Content_Types].xml': XML_HEAD
      + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '</Types>',
    '_rels/.rels': XML_HEAD
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
      + '</Relationships>',
    'xl/workbook.xml': XML_HEAD
      + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + `<sheets><sheet name="${xmlText(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets>`
      + '</workbook>',
    'xl/_rels/workbook.xml.rels': XML_HEAD
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
      + '</Relationships>',
    'xl/styles.xml': XML_HEAD
      + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
      + '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
      + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
      + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
      + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + '<cellXfs count="3">'
      + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
      + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
      + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '</cellXfs>'
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
      + '</styleSheet>',
  }
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
