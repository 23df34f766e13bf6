import { describe, expect, it } from 'vitest'
import { loadContent } from '../../../../scripts/content/load'
import { scanPage, type MdNode } from '../../../../scripts/content/metrics'
import { renderAidPdf } from '../../../../server/services/course-progress/aid-pdf'
import { loadCertificateFonts } from '../../../../server/services/certificates/certificate-fonts'
import { readPdf } from '../../../support/pdf'

// The job aids as carers print them: every aid, from its real markdown, on one tagged A4 page.

type Minimark = string | [string, Record<string, unknown>, ...Minimark[]]

/** The parser's tree in the compact form @nuxt/content stores and the server hands to the PDF writer. */
function toMinimark(node: MdNode): Minimark {
  if (node.type === 'text') return node.value ?? ''
  return [node.tag ?? 'div', node.props ?? {}, ...(node.children ?? []).map(toMinimark)]
}

const content = await loadContent()
const fonts = await loadCertificateFonts()
const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

describe.each(content.aids.map(a => [a.meta.key, a] as const))('job aid PDF: %s', (_, aid) => {
  const render = async () => readPdf(await renderAidPdf({
    title: aid.meta.title,
    description: aid.meta.description,
    kind: aid.meta.kind,
    body: { type: 'minimark', value: (aid.tree.children ?? []).map(toMinimark) },
    pageUrl: `https://learning.example.org/course/aids/${aid.meta.key}`,
    date: new Date('2026-12-05T12:00:00Z'),
  }, fonts))

  it('is one A4 portrait page with its title and language', async () => {
    const pdf = await render()
    expect(pdf.pages).toBe(1)
    expect([Math.round(pdf.width), Math.round(pdf.height)]).toEqual([595, 842])
    expect(pdf.title).toBe(aid.meta.title)
    expect(pdf.language).toBe('en-GB')
  })

  it('is tagged: a document with a heading, sub-headings and lists a screen reader can follow', async () => {
    const roles = (await render()).elements.map(e => e.role)
    expect(roles.slice(0, 2)).toEqual(['Root', 'Document'])
    expect(roles.filter(r => r === 'H1')).toHaveLength(1)
    expect(roles.filter(r => r === 'H2')).toHaveLength(scanPage(aid.tree).headingIds.length)
    expect(roles).toEqual(expect.arrayContaining(['P', 'L', 'LI', 'LBody']))
  })

  it('gives its text in reading order: title, description, then every heading, paragraph and item as written', async () => {
    const text = squash((await render()).text)
    const expected = [aid.meta.title, aid.meta.description, ...scanPage(aid.tree).blocks, 'If a child is in immediate danger, call 999.']
    let at = -1
    for (const block of expected) {
      const found = text.indexOf(squash(block), at + 1)
      expect(found, `"${block}" after position ${at}`).toBeGreaterThan(at)
      at = found
    }
  })
})

describe('job aid PDF: numbered steps and links', () => {
  it('labels numbered items and prints where an outside link goes, since paper cannot be clicked', async () => {
    const pdf = await readPdf(await renderAidPdf({
      title: 'Steps',
      description: 'Numbered steps.',
      kind: 'checklist',
      body: { type: 'minimark', value: [
        ['h2', { id: 'steps' }, 'Steps'],
        ['ol', {}, ['li', {}, 'Ring the police.'], ['li', {}, 'See ', ['a', { href: 'https://www.missingpeople.org.uk' }, 'Missing People'], '.']],
      ] },
      pageUrl: 'https://learning.example.org/course/aids/steps',
      date: new Date('2026-12-05T12:00:00Z'),
    }, fonts))
    expect(pdf.elements.filter(e => e.role === 'Lbl')).toHaveLength(2)
    expect(squash(pdf.text)).toMatch(/1\. ?Ring the police\. 2\. ?See Missing People \(https:\/\/www\.missingpeople\.org\.uk\)\./)
  })
})
