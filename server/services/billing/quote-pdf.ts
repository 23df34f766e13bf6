import { ukDate } from '#shared/dates'
import { formatPence } from '#shared/pricing'
import { supplierLines, type Supplier } from '../../domain/billing/billing'
import { PRODUCT_NAME } from '../../domain/billing/checkout'
import type { CertificateFonts } from '../certificates/certificate-fonts'
import { createTaggedPdf, drawArtifact, pdfToBuffer } from '../platform/tagged-pdf'

export interface QuotePdfContent {
  reference: string
  organisationName: string
  buyerName: string
  quantity: number
  unitPricePence: number
  totalPence: number
  vatPence: number
  vatRatePercent: number
  createdAt: Date
  validUntil: Date
  supplier: Supplier
}

const MARGIN = 50
const WIDTH = 595.28 - 2 * MARGIN
const TEAL = '#134e4a'
const INK = '#1f2937'

/**
 * A quote as a tagged PDF/UA file (A4, one page, reading order): who supplies, who buys, what and for how much,
 * and until when the price holds. The price table is a real Table (TR, TH, TD) so a screen reader reads it as one.
 */
export function renderQuotePdf(q: QuotePdfContent, fonts: CertificateFonts): Promise<Buffer> {
  const doc = createTaggedPdf({
    fonts,
    margin: MARGIN,
    title: `Quote ${q.reference}`,
    subject: `Quote for ${q.quantity} course licences for ${q.organisationName}`,
    keywords: 'quote, purchase order, course licences, children missing from care',
    createdAt: q.createdAt,
  })
  return pdfToBuffer(doc, () => {
    const root = doc.struct('Document')
    doc.addStructure(root)
    const para = (text: string, size = 10.5, bold = false, colour = INK, type = 'P') => {
      root.add(doc.struct(type, {}, () => {
        doc.font(bold ? 'bold-0' : 'regular-0').fontSize(size).fillColor(colour).text(text, MARGIN, doc.y, { width: WIDTH })
      }))
    }
    doc.y = MARGIN
    para(`Quote ${q.reference}`, 22, true, TEAL, 'H1')
    doc.moveDown(0.5)
    para(`Date: ${ukDate(q.createdAt)}`)
    para(`Valid until: ${ukDate(q.validUntil)} (30 days). Order from this quote before then and this price holds.`)
    doc.moveDown(0.8)
    para('From', 13, true, TEAL, 'H2')
    for (const line of supplierLines(q.supplier)) para(line)
    doc.moveDown(0.8)
    para('For', 13, true, TEAL, 'H2')
    para(q.organisationName)
    para(`Requested by ${q.buyerName}`)
    doc.moveDown(0.8)
    para('Price', 13, true, TEAL, 'H2')
    doc.moveDown(0.3)

    const columns = [WIDTH * 0.5, WIDTH * 0.15, WIDTH * 0.15, WIDTH * 0.2]
    const rows: { cells: string[], header?: boolean }[] = [
      { cells: ['Item', 'Quantity', 'Unit price', 'Amount'], header: true },
      { cells: [PRODUCT_NAME, q.quantity.toLocaleString('en-GB'), formatPence(q.unitPricePence), formatPence(q.totalPence)] },
      { cells: [`VAT at ${q.vatRatePercent}%`, '', '', formatPence(q.vatPence)] },
      { cells: ['Total to pay', '', '', formatPence(q.totalPence + q.vatPence)], header: true },
    ]
    const table = doc.struct('Table')
    root.add(table)
    for (const row of rows) {
      const top = doc.y
      const tr = doc.struct('TR')
      table.add(tr)
      let x = MARGIN
      row.cells.forEach((cell, i) => {
        const left = x
        tr.add(doc.struct(row.header ? 'TH' : 'TD', {}, () => {
          doc.font(row.header ? 'bold-0' : 'regular-0').fontSize(10.5).fillColor(INK)
            .text(cell, left + 4, top + 5, { width: columns[i]! - 8, align: i === 0 ? 'left' : 'right' })
        }))
        x += columns[i]!
      })
      tr.end()
      const bottom = top + 24
      drawArtifact(doc, () => doc.lineWidth(0.6).strokeColor('#6b7280').moveTo(MARGIN, bottom).lineTo(MARGIN + WIDTH, bottom).stroke())
      doc.y = bottom
    }
    table.end()
    doc.moveDown(1.2)
    para('How to buy', 13, true, TEAL, 'H2')
    para(`Raise a purchase order for ${formatPence(q.totalPence + q.vatPence)}, then sign in, open "Your quotes" and choose "Buy from this quote". Choose "Pay by invoice" and enter the purchase order reference: the licences are ready at once, and the invoice is due 30 days after it is issued, by bank transfer or card.`)
    root.end()
    doc.end()
  })
}
