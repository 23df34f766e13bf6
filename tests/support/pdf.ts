import { extractText, getDocumentProxy } from 'unpdf'

interface StructNode { role?: string, alt?: string, children?: StructNode[] }

/** What a reader of a PDF gets: its text, title, language, and the tagged structure a screen reader follows. */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const { info } = await pdf.getMetadata() as { info: { Title?: string, Language?: string } }
  const { text } = await extractText(pdf, { mergePages: true })
  const page = await pdf.getPage(1)
  const { width, height } = page.getViewport({ scale: 1 })
  const tree = await page.getStructTree() as StructNode | null
  const elements: { role: string, alt?: string }[] = []
  const walk = (node: StructNode) => {
    if (node.role) elements.push({ role: node.role, alt: node.alt })
    node.children?.forEach(walk)
  }
  if (tree) walk(tree)
  return { text, title: info.Title, language: info.Language, pages: pdf.numPages, width, height, elements }
}
