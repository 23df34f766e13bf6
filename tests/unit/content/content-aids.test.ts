import { describe, expect, it } from 'vitest'
import { aidSchema } from '../../../content.schemas'
import { loadContent } from '../../../scripts/content/load'
import { scanPage, type MdNode } from '../../../scripts/content/metrics'
import { AID_TAGS } from '../../../shared/aids'

// Job aids are the pages carers print and keep: each is one A4 page on screen, on paper and as a tagged PDF
// drawn from the same markdown. (Schema and Flesch are checked with every other file in content-schema and
// content-readability; the checks here are the ones only an aid has.)

const content = await loadContent()
const aids = content.aids

/** Every element tag an aid's markdown uses. */
function tagsOf(node: MdNode, into = new Set<string>()): Set<string> {
  if (node.type === 'element' && node.tag) into.add(node.tag)
  node.children?.forEach(child => tagsOf(child, into))
  return into
}

const textOf = (tree: MdNode) => scanPage(tree).blocks.join('\n')

describe('job aids', () => {
  it('are the four the course promises, at stable ids, in a stated order', () => {
    expect(aids.map(a => a.meta.key)).toEqual(['return-night', 'before-you-call', 'missing-plan', 'philomena-profile'])
    for (const aid of aids) {
      expect(aidSchema.safeParse(aid.meta).success, aid.file).toBe(true)
      expect(aid.file, 'the file is named after the id').toBe(`content/aids/${aid.meta.key}.md`)
    }
    expect(new Set(aids.map(a => a.meta.order)).size).toBe(aids.length)
  })

  it.each(aids.map(a => [a.file, a] as const))('%s uses only the markdown the PDF can draw', (_, aid) => {
    const unsupported = [...tagsOf(aid.tree)].filter(tag => !AID_TAGS.has(tag))
    expect(unsupported).toEqual([])
  })

  it.each(aids.map(a => [a.file, a] as const))('%s is short enough for one page', (_, aid) => {
    const scan = scanPage(aid.tree)
    // Measured against the PDF (tests/integration/api/aids.test.ts checks it is one page): about 450 words fit.
    expect(scan.blocks.join(' ').split(/\s+/).length).toBeLessThanOrEqual(450)
    expect(scan.headingIds.length).toBeGreaterThanOrEqual(2)
  })

  it('keep evidence safe on the return night, as the brief sets out', () => {
    const text = textOf(aids.find(a => a.meta.key === 'return-night')!.tree)
    for (const fact of [
      /glad they are back/i,
      /ask the child not to wash, bath or shower until the police advise/i,
      /must offer a return home interview, normally within 72 hours/i,
      /do not wash their clothes/i,
      /paper bag, never a plastic/i,
      /sexual assault referral centre \(SARC\)/i,
      /levonorgestrel within 72 hours/i,
      /ulipristal within 120 hours/i,
      /copper coil \(IUD\) up to 5 days/i,
      /at their pace and protect their dignity/i,
      /prevention interview/i,
      /normally within 72 hours/i,
      /in their own words/i,
      /social worker/i,
    ]) expect(text).toMatch(fact)
  })

  it('tell the carer what the police will ask and that a low grade does not end their part', () => {
    const text = textOf(aids.find(a => a.meta.key === 'before-you-call')!.tree)
    expect(text).toMatch(/What the police will ask/)
    expect(text).toMatch(/reference number/)
    expect(text).toMatch(/very low or low grade does not mean you stop/i)
    expect(text).toMatch(/never need to wait 24 hours/i)
  })

  it('cover the Philomena Protocol profile and say it is not the law', () => {
    const text = textOf(aids.find(a => a.meta.key === 'philomena-profile')!.tree)
    for (const item of [/recent photo/i, /social media/i, /medicine/i, /bank cards/i, /Past times they went missing/i, /not the law/i, /Child Information Form/]) {
      expect(text).toMatch(item)
    }
  })

  it('give the missing-from-care plan fields to fill in, agreed with the social worker', () => {
    const aid = aids.find(a => a.meta.key === 'missing-plan')!
    expect(aid.meta.kind).toBe('form')
    expect(scanPage(aid.tree).blockTags.filter(t => t === 'li').length).toBeGreaterThanOrEqual(12)
    expect(textOf(aid.tree)).toMatch(/Agreed by/)
  })
})
