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

/**
 * Shaped runs kept per font, at most; then dropped and begun again. Only a certificate's fixed texts (headings,
 * labels, the second page, a few dozen) are ever shaped again: its code, address and name are new each time, so
 * a larger bound only held a zip's one-off runs (a few MB per thread rendering it), and a smaller one re-shapes
 * the fixed texts once per few dozen certificates.
 */
const KEPT_RUNS = 300

/**
 * A copy of a glyph run that pdfkit may change: it scales each run's positions in place, so every document
 * gets fresh positions; the glyphs themselves are fontkit's own objects, shared already.
 */
function copyOfRun(run: fontkit.GlyphRun): fontkit.GlyphRun {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as fontkit.GlyphRun, run)
  copy.positions = run.positions.map(p => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as fontkit.GlyphPosition, p))
  return copy
}

const forPdfkit = new WeakMap<fontkit.Font, fontkit.Font>()

/**
 * The parsed font as pdfkit gets it: the same font, with its text shaping remembered across documents. pdfkit
 * keeps shaped text only for one document, and none when OpenType features are given (every centred line
 * here), so each certificate shaped its same headings, labels and second page again (about half its CPU
 * time). A run depends only on the font, the text and the features, so the remembered one is exact: the
 * features are told apart by identity, as every caller passes a constant (FEATURES in certificate-pdf.ts).
 */
function pdfkitFont(file: Buffer): PDFKit.Mixins.PDFFontSource {
  const font = parsedFont(file)
  let wrapped = forPdfkit.get(font)
  if (!wrapped) {
    const runs = new Map<unknown, Map<string, fontkit.GlyphRun>>()
    let kept = 0
    const layout = (text: string, features?: unknown, ...rest: unknown[]): fontkit.GlyphRun => {
      // pdfkit passes a text and its features only; anything more is shaped afresh.
      if (rest.length) return font.layout(text, features as never, ...rest as [])
      let byText = runs.get(features)
      if (!byText) runs.set(features, byText = new Map())
      let run = byText.get(text)
      if (!run) {
        if (kept >= KEPT_RUNS) {
          runs.clear()
          runs.set(features, byText = new Map())
          kept = 0
        }
        byText.set(text, run = font.layout(text, features as never))
        kept++
      }
      return copyOfRun(run)
    }
    // Everything else (metrics, glyphs, subsetting) is the parsed font's own, through the prototype.
    wrapped = Object.create(font, { layout: { value: layout } }) as fontkit.Font
    forPdfkit.set(font, wrapped)
  }
  // pdfkit's types name only files and paths, though PDFFontFactory.open takes a fontkit font as it is.
  return wrapped as unknown as PDFKit.Mixins.PDFFontSource
}

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
    font: o.fonts.regular[0] && pdfkitFont(o.fonts.regular[0]),
    info: {
      Title: o.title,
      Author: PDF_AUTHOR,
      Subject: o.subject,
      Keywords: o.keywords,
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  } as unknown as PDFKit.PDFDocumentOptions)
  o.fonts.regular.forEach((b, i) => doc.registerFont(`regular-${i}`, pdfkitFont(b)))
  o.fonts.bold.forEach((b, i) => doc.registerFont(`bold-${i}`, pdfkitFont(b)))
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
