import { Readable } from 'node:stream'
import { ZipArchive } from 'archiver'
import { rowXml, SHEET_END_XML, sheetStartXml, workbookFiles, type XlsxColumn, type XlsxValue } from '../../domain/platform/xlsx'

/**
 * A one-sheet .xlsx workbook as a Node stream. The sheet is a zip entry fed from the batches as the zip
 * asks for more, so only a batch of rows and the deflate window are held, however long the sheet is.
 * (Our own few lines of SpreadsheetML rather than a spreadsheet library: the streaming writers on npm
 * are unmaintained or bring a tree of old dependencies, and archiver is already here for certificate zips.)
 */
export function xlsxStream(sheetName: string, columns: readonly XlsxColumn[], batches: AsyncIterable<XlsxValue[][]>): Readable {
  // Fast deflate: the sheet's XML is repetitive, so level 1 still shrinks it about tenfold, at a fraction of the CPU.
  const archive = new ZipArchive({ zlib: { level: 1 } })
  let rowNumber = 1
  const sheet = Readable.from((async function* () {
    yield Buffer.from(sheetStartXml(columns))
    for await (const batch of batches) {
      let xml = ''
      for (const values of batch) xml += rowXml(++rowNumber, values)
      yield Buffer.from(xml)
    }
    yield Buffer.from(SHEET_END_XML)
  })(), { objectMode: false })
  sheet.on('error', error => archive.destroy(error))
  // A download stopped half-way destroys the zip; the sheet's source (a database cursor) must stop too.
  archive.once('close', () => sheet.destroy())
  const date = new Date()
  for (const [name, text] of Object.entries(workbookFiles(sheetName))) archive.append(text, { name, date })
  archive.append(sheet, { name: 'xl/worksheets/sheet1.xml', date })
  void archive.finalize().catch(error => archive.destroy(error as Error))
  return archive
}
