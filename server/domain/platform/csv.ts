/**
 * Writing CSV that spreadsheets open safely: RFC 4180 quoting, UTF-8 with a byte-order mark (so Excel reads
 * accents), CRLF line ends, and text that a spreadsheet would run as a formula (a cell starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) made inert with a leading `'` (OWASP "CSV injection";
 * ASVS 5.0 1.2.10). Every text cell is quoted: Excel in locales whose list separator is `;` splits an
 * unquoted `a;=cmd` into two cells, the second a live formula, so no text is ever left unquoted. Numbers are written as numbers, so a negative figure stays a figure. One module for
 * every CSV the platform writes (the organisation's learners report, the admin completion report).
 */

export const CSV_BOM = '\uFEFF'
export const CSV_LINE_END = '\r\n'

/** What a cell usually holds: text, a number, a date (written as ISO 8601), a yes/no, or nothing; anything else is written as its text. */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
/** One cell, neutralised and quoted as needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString()
  const raw = String(value)
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw
  // Most text has no quote to double: looking for one is cheaper than a replace that finds none (a report
  // writes a million cells).
  return `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`
}

/** One record, with its line end. */
export function csvRow(values: readonly unknown[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i])
  return line + CSV_LINE_END
}
