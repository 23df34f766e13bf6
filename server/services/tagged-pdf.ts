import PDFDocument from 'pdfkit'
import type { CertificateFonts } from './certificate-fonts'

/**
 * What every PDF the site hands out shares (certificates, job aids): PDF/UA tagging, a title shown in the
 * reader's title bar, the document language, and the project's own embedded fonts, registered as
 * `regular-<n>` and `bold-<n>` (one per script file, see certificate-fonts.ts).
 */
export interface TaggedPdfOptions {
  fonts: CertificateFonts
  title: string
  subject: string
  keywords: string
  /** Fixed dates make the same content give the same file. */
  createdAt: Date
  layout?: 'portrait' | 'landscape'
  /** Page margins for flowing text, in points; 0 when everything is placed by hand. */
  margin?: number
}

export const PDF_AUTHOR = 'Children Missing from Care'

export function createTaggedPdf(o: TaggedPdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: o.layout ?? 'portrait',
    margin: o.margin ?? 0,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    displayTitle: true,
    lang: 'en-GB',
    font: o.fonts.regular[0],
    info: {
      Title: o.title,
      Author: PDF_AUTHOR,
      Subject: o.subject,
      Keywords: o.keywords,
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  } as unknown as PDFKit.PDFDocumentOptions)
  o.fonts.regular.forEach((b, i) => doc.registerFont(`regular-${i}`, b))
  o.fonts.bold.forEach((b, i) => doc.registerFont(`bold-${i}`, b))
  return doc
}

/** Runs `draw` (which must end the document) and resolves with the whole file. */
export function pdfToBuffer(doc: PDFKit.PDFDocument, draw: () => void): Promise<Buffer> {
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  draw()
  return done
}

/** Draws decoration (boxes, rules, borders) that a screen reader should skip. */
export function drawArtifact(doc: PDFKit.PDFDocument, draw: () => void) {
  doc.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions)
  draw()
  doc.endMarkedContent()
}
