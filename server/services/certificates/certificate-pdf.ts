import { ukDate } from '#shared/dates'
import QRCode from 'qrcode'
import { cpdHoursOf, formatCpdHours } from '../../../shared/certificate-format'
import { layoutLine, splitNearMiddle, type TextPiece } from '../../domain/certificates/text-runs'
import type { CertificateFonts } from './certificate-fonts'
import { createTaggedPdf, drawArtifact, parsedFont, pdfToBuffer } from '../platform/tagged-pdf'

export interface CertificateContent {
  learnerName: string
  courseTitle: string
  completedAt: Date
  issuedAt: Date
  cpdMinutes: number
  code: string
  verifyUrl: string
  /** Who issues it (NUXT_CERTIFICATE_ISSUER_NAME): printed at the top; left out when not set. */
  issuerName?: string
  /** The course's learning outcomes (content/course.yml), listed on the second page. */
  outcomes?: string[]
  /** A PNG or JPEG signature (NUXT_CERTIFICATE_SIGNATURE_PATH), drawn above "Signed for …". */
  signature?: Buffer | null
}

// A4 landscape, in points.
const PAGE = { width: 841.89, height: 595.28 }
const MARGIN = 56
const TEAL = '#134e4a'
const INK = '#1f2937'
const MUTED = '#4b5563'

type Weight = 'regular' | 'bold'

/**
 * Passing features makes pdfkit shape each piece as a whole; without them it shapes word by word, which
 * puts right-to-left words in the wrong order and drops the spaces between them.
 */
const FEATURES = { kern: true, liga: true, ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[]

class CertificateWriter {
  readonly doc: PDFKit.PDFDocument

  constructor(private fonts: CertificateFonts, private content: CertificateContent) {
    this.doc = createTaggedPdf({
      fonts,
      layout: 'landscape',
      title: `Certificate of completion: ${content.courseTitle}, ${content.learnerName}`,
      subject: `Certificate ${content.code}`,
      keywords: `certificate, CPD, ${content.code}`,
      createdAt: content.issuedAt,
    })
  }

  private pieces(text: string, weight: Weight): TextPiece[] {
    const files = this.fonts[weight]
    return layoutLine(text, files.length, (f, cp) => parsedFont(files[f]!).hasGlyphForCodePoint(cp))
  }

  private widthOf(pieces: TextPiece[], weight: Weight, size: number): number {
    return pieces.reduce((w, p) => w + this.doc.font(`${weight}-${p.font}`).fontSize(size).widthOfString(p.text, { features: FEATURES }), 0)
  }

  /** Draws one line centred on the page with its baseline at y, in visual order, each piece in a font that has its glyphs. */
  private centredLine(text: string, y: number, weight: Weight, size: number, colour: string) {
    const pieces = this.pieces(text, weight)
    let x = (PAGE.width - this.widthOf(pieces, weight, size)) / 2
    this.doc.fillColor(colour)
    for (const p of pieces) {
      this.doc.font(`${weight}-${p.font}`).fontSize(size).text(p.text, x, y, { lineBreak: false, baseline: 'alphabetic', features: FEATURES })
      x += this.doc.widthOfString(p.text, { features: FEATURES })
    }
  }

  /**
   * Text that must fit the width: the largest size from `max` down to `min` on one line, else two lines
   * split at a space. Draws the first baseline at y; returns how far further down the last baseline is.
   */
  private fittedText(text: string, y: number, weight: Weight, max: number, min: number, colour: string): number {
    const width = PAGE.width - 2 * MARGIN - 40
    for (let size = max; size >= min; size -= 1) {
      if (this.widthOf(this.pieces(text, weight), weight, size) <= width) {
        this.centredLine(text, y, weight, size, colour)
        return 0
      }
    }
    const half = Math.ceil(text.length / 2)
    const halves = splitNearMiddle(text) ?? [text.slice(0, half), text.slice(half)]
    let size = min
    while (size > 8 && halves.some(h => this.widthOf(this.pieces(h, weight), weight, size) > width)) size -= 1
    this.centredLine(halves[0], y, weight, size, colour)
    this.centredLine(halves[1], y + size * 1.25, weight, size, colour)
    return size * 1.25
  }

  private paragraph(fn: () => void, options: { actual?: string } = {}) {
    const { doc } = this
    this.root.add(doc.struct('P', options, fn))
  }

  private root!: PDFKit.PDFStructureElement

  private border() {
    const { doc } = this
    drawArtifact(doc, () => {
      doc.lineWidth(6).strokeColor(TEAL).rect(22, 22, PAGE.width - 44, PAGE.height - 44).stroke()
      doc.lineWidth(1).rect(32, 32, PAGE.width - 64, PAGE.height - 64).stroke()
    })
  }

  /** The verification address as a QR code, drawn as vector squares (one path, runs of dark modules merged). */
  private qrCode(x: number, y: number, size: number) {
    const { doc, content } = this
    const qr = QRCode.create(content.verifyUrl, { errorCorrectionLevel: 'M' })
    const n = qr.modules.size
    const quiet = 2
    const cell = size / (n + 2 * quiet)
    this.root.add(doc.struct('Figure', { alt: `QR code that opens ${content.verifyUrl}` }, () => {
      doc.rect(x, y, size, size).fill('#ffffff')
      for (let row = 0; row < n; row++) {
        for (let col = 0; col < n;) {
          if (!qr.modules.get(row, col)) {
            col++
            continue
          }
          const start = col
          while (col < n && qr.modules.get(row, col)) col++
          doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell)
        }
      }
      doc.fill('#000000')
    }))
  }

  /** The signature image (a setting), left of the QR code and clear of the address, over "Signed for <issuer>". */
  private signature(image: Buffer, bottom: number, qrLeft: number) {
    const { doc, content } = this
    const box = { width: 180, height: 54 }
    const x = qrLeft - 24 - box.width
    const signer = content.issuerName || 'the course provider'
    this.root.add(doc.struct('Figure', { alt: `Signature for ${signer}` }, () => {
      doc.image(image, x, bottom + 10, { fit: [box.width, box.height], align: 'center', valign: 'bottom' })
    }))
    drawArtifact(doc, () => doc.lineWidth(0.8).strokeColor(MUTED).moveTo(x, bottom + 68).lineTo(x + box.width, bottom + 68).stroke())
    this.paragraph(() => {
      doc.font('regular-0').fontSize(11).fillColor(MUTED).text(`Signed for ${signer}`, x - 20, bottom + 74, { width: box.width + 40, align: 'center' })
    })
  }

  /**
   * The second page: what the course taught (its learning outcomes) and a CPD statement with the hours, for
   * the learner's CPD record or an assessor. Flowing text in the project's fonts; tagged as a list.
   */
  private aboutPage() {
    const { doc, content } = this
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 })
    this.border()
    const left = MARGIN + 20
    const width = PAGE.width - 2 * left
    let y = 72
    this.root.add(doc.struct('H2', {}, () => {
      doc.font('bold-0').fontSize(20).fillColor(TEAL).text('What the course covered', left, y, { width })
    }))
    y = doc.y + 14
    const outcomes = content.outcomes ?? []
    if (outcomes.length) {
      this.paragraph(() => {
        doc.font('regular-0').fontSize(12).fillColor(INK).text(`${content.learnerName} completed the course and its final assessment. The course teaches you to:`, left, y, { width })
      })
      y = doc.y + 8
      const list = doc.struct('L')
      this.root.add(list)
      for (const outcome of outcomes) {
        const item = doc.struct('LI')
        list.add(item)
        drawArtifact(doc, () => doc.circle(left + 4, y + 6, 2.2).fill(INK))
        item.add(doc.struct('LBody', {}, () => {
          doc.font('regular-0').fontSize(11).fillColor(INK).text(outcome, left + 16, y, { width: width - 16 })
        }))
        item.end()
        y = doc.y + 5
      }
      list.end()
      y += 10
    }
    const hours = formatCpdHours(content.cpdMinutes)
    this.root.add(doc.struct('H2', {}, () => {
      doc.font('bold-0').fontSize(14).fillColor(TEAL).text('Continuing professional development (CPD)', left, y, { width })
    }))
    y = doc.y + 6
    this.paragraph(() => {
      doc.font('regular-0').fontSize(11).fillColor(INK).text(
        `This course is ${hours} of learning, which may be recorded as ${hours} of CPD. `
        + `Certificate ${content.code}; check it at ${content.verifyUrl}.`,
        left, y, { width },
      )
    })
  }

  write() {
    const { doc, content } = this
    this.root = doc.struct('Document')
    doc.addStructure(this.root)
    this.border()

    // Baselines, top to bottom. The issuer heads the page when set; the course title is said once, below.
    let y = 84
    if (content.issuerName) this.paragraph(() => { y += this.fittedText(content.issuerName!, y, 'regular', 14, 10, TEAL) }, { actual: content.issuerName })
    y += 54
    this.root.add(doc.struct('H1', {}, () => this.centredLine('Certificate of completion', y, 'bold', 34, TEAL)))
    y += 50
    this.paragraph(() => this.centredLine('This certifies that', y, 'regular', 15, MUTED))
    y += 46
    // ActualText gives screen readers the name in reading order, whatever the drawing order of its pieces.
    this.paragraph(() => { y += this.fittedText(content.learnerName, y, 'bold', 32, 18, INK) }, { actual: content.learnerName })
    y += 36
    this.paragraph(() => this.centredLine('has completed the course', y, 'regular', 15, MUTED))
    y += 38
    this.paragraph(() => { y += this.fittedText(content.courseTitle, y, 'bold', 24, 14, TEAL) }, { actual: content.courseTitle })
    y += 34
    const date = ukDate(content.completedAt)
    this.paragraph(() => this.centredLine(`on ${date}`, y, 'regular', 15, INK))
    y += 26
    this.paragraph(() => this.centredLine(`CPD time: ${formatCpdHours(content.cpdMinutes)}`, y, 'regular', 15, INK))

    const qrSize = 104
    const bottom = PAGE.height - MARGIN - qrSize + 6
    this.qrCode(PAGE.width - MARGIN - qrSize - 6, bottom, qrSize)
    const left = MARGIN + 10
    this.paragraph(() => {
      doc.font('regular-0').fontSize(11).fillColor(MUTED).text('Certificate code', left, bottom + 8, { lineBreak: false })
      doc.font('bold-0').fontSize(16).fillColor(INK).text(content.code, left, bottom + 24, { lineBreak: false, characterSpacing: 1 })
    })
    this.paragraph(() => {
      doc.font('regular-0').fontSize(11).fillColor(MUTED).text('Check this certificate is genuine at', left, bottom + 56, { lineBreak: false })
      doc.font('regular-0').fontSize(11).fillColor(INK).text(content.verifyUrl, left, bottom + 72, { lineBreak: false })
    })
    this.paragraph(() => {
      doc.font('regular-0').fontSize(9).fillColor(MUTED).text(`Issued on ${ukDate(content.issuedAt)}. CPD hours: ${cpdHoursOf(content.cpdMinutes)}.`, left, bottom + 92, { lineBreak: false })
    })
    if (content.signature) this.signature(content.signature, bottom, PAGE.width - MARGIN - qrSize - 6)
    this.aboutPage()
    this.root.end()
    doc.end()
  }
}

/** A4 landscape certificate: real, tagged text in embedded Unicode fonts, with its title and language set. */
export function renderCertificatePdf(content: CertificateContent, fonts: CertificateFonts): Promise<Buffer> {
  const writer = new CertificateWriter(fonts, content)
  return pdfToBuffer(writer.doc, () => writer.write())
}
