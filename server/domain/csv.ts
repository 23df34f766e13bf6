/**
 * Writing CSV that spreadsheets open safely: RFC 4180 quoting, UTF-8 with a byte-order mark (so Excel reads
 * accents), CRLF line ends, and text that a spreadsheet would run as a formula (a cell starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) made inert with a leading `'` (OWASP "CSV injection";
 * ASVS 5.0 1.2.10). Numbers are written as numbers, so a negative figure stays a figure.
 */

export const CSV_BOM = '\uFEFF'
export const CSV_LINE_END = '\r\n'

export type CsvValue = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One record, with its line end. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + CSV_LINE_END
}
