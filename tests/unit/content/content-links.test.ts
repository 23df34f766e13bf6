import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadContent } from '../../../scripts/content/load'
import { scanPage } from '../../../scripts/content/metrics'

// A broken link in a lesson is a dead end for a learner on a phone. Every internal link in a section or a
// public page must land on a real page and, when it names one, a real heading (heading ids come from the same
// parser @nuxt/content uses). Outside links must use https.

const content = await loadContent()
const pagesDir = fileURLToPath(new URL('../../../pages/', import.meta.url))

const scans = new Map<string, { file: string, scan: ReturnType<typeof scanPage> }>([
  ...content.sections.map(s => [`/course/${s.meta.key}`, { file: s.file, scan: scanPage(s.tree) }] as const),
  ...content.pages.map(p => [`/${p.meta.key}`, { file: p.file, scan: scanPage(p.tree) }] as const),
  ...content.aids.map(a => [`/course/aids/${a.meta.key}`, { file: a.file, scan: scanPage(a.tree) }] as const),
])

/** The course URLs every engineer agreed on, beside the sections and pages written here. */
const FIXED_ROUTES = new Set(['/', '/course', '/course/assessment', '/course/aids'])

/** Why a link does not resolve, or undefined when it does. */
function brokenBecause(href: string, from: string): string | undefined {
  if (/^https:\/\//.test(href)) return undefined
  if (/^[a-z]+:/i.test(href)) return href.startsWith('tel:') || href.startsWith('mailto:') ? undefined : 'outside links must use https'
  const [path, anchor] = href.split('#', 2) as [string, string | undefined]
  const target = path === '' ? from : path
  if (FIXED_ROUTES.has(target)) return anchor ? 'fixed routes have no headings to link to' : undefined
  const page = scans.get(target)
  if (!page) return `no section or page at ${target}`
  if (!target.startsWith('/course/') && !existsSync(`${pagesDir}${target.slice(1)}.vue`)) return `no Vue page serves ${target}`
  if (anchor !== undefined && !page.scan.headingIds.includes(anchor)) return `${target} has no heading #${anchor}`
  return undefined
}

const links = [...scans].flatMap(([url, { file, scan }]) => scan.links.map(href => ({ file, url, href })))

describe('links in sections and pages', () => {
  it('exist, including links from sections to the glossary', () => {
    expect(links.length).toBeGreaterThan(20)
    expect(links.some(l => l.url.startsWith('/course/') && l.href.startsWith('/glossary#'))).toBe(true)
  })

  it('catches a broken link', () => {
    expect(brokenBecause('/glossary#no-such-term', '/help')).toMatch(/no heading/)
    expect(brokenBecause('/course/s99-nothing', '/help')).toMatch(/no section/)
    expect(brokenBecause('#no-such-part', '/course/s1-why-this-matters')).toMatch(/no heading/)
    expect(brokenBecause('http://example.org', '/help')).toMatch(/https/)
    expect(brokenBecause('/glossary#missing', '/help')).toBeUndefined()
    expect(brokenBecause('/course/aids/return-night', '/course/s7-when-a-child-comes-back')).toBeUndefined()
    expect(brokenBecause('/course/aids/no-such-aid', '/help')).toMatch(/no section/)
  })

  it.each(links.map(l => [`${l.file} → ${l.href}`, l] as const))('%s resolves', (_, { href, url }) => {
    expect(brokenBecause(href, url)).toBeUndefined()
  })
})

describe('the glossary', () => {
  it('gives every term its own heading, so sections can link to /glossary#term', () => {
    const glossary = scans.get('/glossary')!
    expect(glossary.scan.headingIds.length).toBeGreaterThanOrEqual(30)
    expect(new Set(glossary.scan.headingIds).size).toBe(glossary.scan.headingIds.length)
    expect(glossary.scan.headingIds).toEqual(expect.arrayContaining(['missing', 'return-home-interview', 'prevention-interview', 'philomena-protocol']))
  })

  it('lists its terms in alphabetical order', () => {
    const terms = [...content.pages.find(p => p.meta.key === 'glossary')!.raw.matchAll(/^## (.+)$/gm)].map(m => m[1]!)
    expect(terms).toEqual([...terms].sort((a, b) => a.localeCompare(b, 'en-GB')))
  })
})
