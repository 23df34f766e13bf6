import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import type { CertificateFonts } from '../certificates/certificate-fonts'

const parsed = new WeakMap<Buffer, fontkit.Font>()

/**
 * fontkit's parse of a font file, made once per process (per worker thread) and shared by every PDF drawn here.
 * Given a file, pdfkit parses it again for each document and decodes the glyph substitution and positioning
 * tables anew as it shapes text: about three quarters of a certificate's CPU time. Given the parsed font
 * (pdfkit accepts any object with fontkit's `layout`), the decoded tables are kept; each document still makes
 * its own subset of the glyphs it uses.
 */
export function parsedFont(file: Buffer): fontkit.Font {
  let font = parsed.get(file)
  if (!font) parsed.set(file, font = fontkit.create(file) as fontkit.Font)
  return font
}

// pdfkit's types name only files and paths, though PDFFontFactory.open takes a fontkit font as it is.
const asFontSource = (font: fontkit.Font) => font as unknown as PDFKit.Mixins.PDFFontSource

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
    font: o.fonts.regular[0] && asFontSource(parsedFont(o.fonts.regular[0])),
    info: {
      Title: o.title,
      Author: PDF_AUTHOR,
      Subject: o.subject,
      Keywords: o.keywords,
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  } as unknown as PDFKit.PDFDocumentOptions)
  o.fonts.regular.forEach((b, i) => doc.registerFont(`regular-${i}`, asFontSource(parsedFont(b))))
  o.fonts.bold.forEach((b, i) => doc.registerFont(`bold-${i}`, asFontSource(parsedFont(b))))
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
