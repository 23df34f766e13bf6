import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseMarkdown } from '@nuxtjs/mdc/runtime'
import { describe, expect, it } from 'vitest'
import { loadContent } from '../../../scripts/content/load'
import { readability, scanPage, type MdNode } from '../../../scripts/content/metrics'
import { DIAGRAMS, diagramText, episodeTimeline, pushPull, riskContinuum } from '../../../shared/diagrams'

// Diagrams are pictures with their words beside them (shared/diagrams.ts). Those words are the picture's text
// equivalent, so they are course text like any other: readable, counted in a section's reading time, and
// embedded only by a name the site knows.

const componentsDir = fileURLToPath(new URL('../../../components/content/', import.meta.url))
const kebab = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
/** The blocks a section may use: one per component in components/content (KeyFact.vue is `::key-fact`). */
const knownBlocks = new Set(readdirSync(componentsDir).filter(f => f.endsWith('.vue')).map(f => kebab(f.replace(/\.vue$/, ''))))
const content = await loadContent()

describe('diagrams', () => {
  it.each(DIAGRAMS.map(d => [d.tag, d] as const))('%s has a component and readable words', (tag, d) => {
    expect(knownBlocks.has(tag), `components/content has no component for ::${tag}`).toBe(true)
    const measured = readability(diagramText(d))
    expect(measured.words).toBeGreaterThan(60)
    expect(measured.flesch, JSON.stringify(measured)).toBeGreaterThanOrEqual(50)
  })

  it('show an episode in its four stages, push and pull factors, and the four police grades with Scotland\'s three', () => {
    expect(episodeTimeline.groups.map(g => g.label)).toEqual(['Before', 'During', 'Return', 'After'])
    expect(pushPull.groups.map(g => g.label)).toEqual(['Push', 'Pull'])
    expect(riskContinuum.groups.map(g => g.label)).toEqual(['Very low', 'Low', 'Medium', 'High'])
    expect(riskContinuum.caption).toMatch(/England and Wales/)
    expect(riskContinuum.note).toMatch(/Scotland uses three grades: low, medium and high/)
    for (const g of [...episodeTimeline.groups, ...riskContinuum.groups]) expect(g.points.length).toBeGreaterThan(0)
  })

  it('count towards the reading time and readability of the section that embeds them', async () => {
    const parsed = await parseMarkdown('## A part\n\nSome text.\n\n::diagram-push-pull\n::\n')
    const scan = scanPage(parsed.body as unknown as MdNode)
    expect(scan.diagrams).toEqual(['diagram-push-pull'])
    expect(scan.blocks).toEqual(['A part', 'Some text.', ...diagramText(pushPull)])
  })
})

describe('blocks in sections', () => {
  it('knows the course\'s own blocks', () => {
    expect([...knownBlocks]).toEqual(expect.arrayContaining(['key-fact', 'callout', 'quiz', 'scenario', 'diagram-risk-continuum']))
    expect(existsSync(`${componentsDir}DiagramEpisodeTimeline.vue`)).toBe(true)
  })

  it.each(content.sections.map(s => [s.file, s] as const))('%s uses only blocks the site can show', (_, section) => {
    const used = [...section.raw.matchAll(/^::([a-z][a-z0-9-]*)/gm)].map(m => m[1]!)
    expect(used.filter(name => !knownBlocks.has(name))).toEqual([])
  })
})
