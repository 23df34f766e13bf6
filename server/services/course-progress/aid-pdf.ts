import type { AidKind } from '../../../shared/aids'
import type { CertificateFonts } from '../certificates/certificate-fonts'
import { createTaggedPdf, drawArtifact, PDF_AUTHOR, pdfToBuffer } from '../platform/tagged-pdf'

/** A job aid as the PDF shows it: its markdown tree (minimark, as @nuxt/content stores it) and its heading. */
export interface AidPdfContent {
  title: string
  description: string
  kind: AidKind
  body: unknown
  /** The aid's page on this site, printed at the foot so a paper copy leads back to the current version. */
  pageUrl: string
  /** The document's creation date. */
  date: Date
}

type Node = string | [string, Record<string, unknown>, ...Node[]]
interface Run { text: string, bold: boolean }

// A4 portrait, in points.
const PAGE = { width: 595.28, height: 841.89 }
const MARGIN = 40
const WIDTH = PAGE.width - 2 * MARGIN
const TEAL = '#134e4a'
const INK = '#1f2937'
const MUTED = '#4b5563'

/** The words of a paragraph or list item, with bold runs; a link's text, and its address if it leaves the site. */
function runsOf(nodes: Node[], bold = false): Run[] {
  return nodes.flatMap((node): Run[] => {
    if (typeof node === 'string') return [{ text: node, bold }]
    const [tag, props, ...children] = node
    if (tag === 'strong') return runsOf(children, true)
    if (tag === 'a' && typeof props.href === 'string' && /^https:/.test(props.href)) return [...runsOf(children, bold), { text: ` (${props.href})`, bold }]
    return runsOf(children, bold)
  })
}

/**
 * Draws an aid on one A4 page as flowing, tagged text: H1 title, a description, H2 headings, paragraphs and
 * lists (L > LI > LBody), in reading order. Tick boxes (checklists) and writing lines (forms) are artifacts.
 * Sizes shrink together until the whole aid fits the page.
 */
class AidWriter {
  readonly doc: PDFKit.PDFDocument
  private root!: PDFKit.PDFStructureElement
  private blocks: Node[]

  constructor(fonts: CertificateFonts, private content: AidPdfContent) {
    this.doc = createTaggedPdf({
      fonts,
      margin: MARGIN,
      title: content.title,
      subject: content.description,
      keywords: 'job aid, children missing from care, foster care, safeguarding',
      createdAt: content.date,
    })
    const value = (content.body as { value?: Node[] } | null)?.value
    this.blocks = Array.isArray(value) ? value : []
  }

  /** Height of a run of text at the given width, measured in the bolder font when any of it is bold (never short). */
  private heightOf(runs: Run[], size: number, width: number, lineGap: number) {
    const font = runs.some(r => r.bold) ? 'bold-0' : 'regular-0'
    return this.doc.font(font).fontSize(size).heightOfString(runs.map(r => r.text).join(''), { width, lineGap })
  }

  private drawRuns(runs: Run[], x: number, y: number, size: number, width: number, lineGap: number, colour: string) {
    const { doc } = this
    doc.fillColor(colour)
    runs.forEach((run, i) => {
      doc.font(run.bold ? 'bold-0' : 'regular-0').fontSize(size)
      const options = { width, lineGap, continued: i < runs.length - 1 }
      if (i === 0) doc.text(run.text, x, y, options)
      else doc.text(run.text, options)
    })
  }

  /** Lays the page out at `scale`; draws only when `draw` is set. Returns where the content ends. */
  private layout(scale: number, draw: boolean): number {
    const { doc, content } = this
    const s = {
      title: 20 * scale,
      description: 10.5 * scale,
      heading: 12.5 * scale,
      body: 10 * scale,
      gap: 1.5 * scale,
    }
    let y = MARGIN
    const block = (type: string, runs: Run[], size: number, colour: string, x = MARGIN, width = WIDTH) => {
      const height = this.heightOf(runs, size, width, s.gap)
      if (draw) this.root.add(doc.struct(type, {}, () => this.drawRuns(runs, x, y, size, width, s.gap, colour)))
      y += height
    }

    block('H1', [{ text: content.title, bold: true }], s.title, TEAL)
    y += 4 * scale
    block('P', [{ text: content.description, bold: false }], s.description, MUTED)
    if (draw) drawArtifact(doc, () => doc.lineWidth(1).strokeColor(TEAL).moveTo(MARGIN, y + 5 * scale).lineTo(PAGE.width - MARGIN, y + 5 * scale).stroke())
    y += 10 * scale

    for (const node of this.blocks) {
      if (typeof node === 'string') continue
      const [tag, , ...children] = node
      if (tag === 'h2') {
        y += 8 * scale
        block('H2', runsOf(children, true), s.heading, TEAL)
        y += 3 * scale
      }
      else if (tag === 'p') {
        block('P', runsOf(children), s.body, INK)
        y += 5 * scale
      }
      else if (tag === 'ul' || tag === 'ol') {
        y = this.list(tag === 'ol', children.filter((c): c is Exclude<Node, string> => Array.isArray(c) && c[0] === 'li'), y, s.body, s.gap, scale, draw)
        y += 3 * scale
      }
    }

    y += 8 * scale
    block('P', [{ text: `From the course ${PDF_AUTHOR}. If a child is in immediate danger, call 999.`, bold: false }], 8.5 * scale, MUTED)
    // On a line of its own, so the address never breaks at a hyphen.
    block('P', [{ text: `Latest version: ${content.pageUrl}`, bold: false }], 8.5 * scale, MUTED)
    return y
  }

  private list(numbered: boolean, items: Exclude<Node, string>[], top: number, size: number, gap: number, scale: number, draw: boolean): number {
    const { doc, content } = this
    const indent = size * 1.7
    const x = MARGIN + indent
    const width = WIDTH - indent
    const writeSpace = content.kind === 'form' ? 17 * scale : 0
    let y = top
    const list = draw ? doc.struct('L') : null
    if (list) this.root.add(list)
    items.forEach(([, , ...children], i) => {
      const runs = runsOf(children)
      const height = this.heightOf(runs, size, width, gap)
      if (list) {
        const item = doc.struct('LI')
        list.add(item)
        const box = size * 0.8
        if (numbered) item.add(doc.struct('Lbl', {}, () => {
          doc.font('regular-0').fontSize(size).fillColor(INK).text(`${i + 1}.`, MARGIN, y, { lineBreak: false })
        }))
        else if (content.kind === 'checklist') drawArtifact(doc, () => doc.lineWidth(0.8).strokeColor(INK).rect(MARGIN + 1, y + size * 0.2, box, box).stroke())
        else drawArtifact(doc, () => doc.circle(MARGIN + size * 0.45, y + size * 0.62, size * 0.17).fill(INK))
        item.add(doc.struct('LBody', {}, () => this.drawRuns(runs, x, y, size, width, gap, INK)))
        item.end()
        if (writeSpace) {
          const line = y + height + writeSpace - 2
          drawArtifact(doc, () => doc.lineWidth(0.6).strokeColor(MUTED).moveTo(x, line).lineTo(PAGE.width - MARGIN, line).stroke())
        }
      }
      y += height + writeSpace + 3 * scale
    })
    list?.end()
    return y
  }

  write() {
    const { doc } = this
    // The largest scale at which everything fits above the bottom margin; the smallest is still readable on paper.
    let scale = 1.1
    while (scale > 0.7 && this.layout(scale, false) > PAGE.height - MARGIN) scale -= 0.025
    this.root = doc.struct('Document')
    doc.addStructure(this.root)
    this.layout(scale, true)
    this.root.end()
    doc.end()
  }
}

/** One job aid as a tagged PDF/UA file: A4, one page, title and language set, text in reading order. */
export function renderAidPdf(content: AidPdfContent, fonts: CertificateFonts): Promise<Buffer> {
  const writer = new AidWriter(fonts, content)
  return pdfToBuffer(writer.doc, () => writer.write())
}
