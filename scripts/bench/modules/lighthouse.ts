import { mkdirSync, writeFileSync } from 'node:fs'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import type { Benchmark, BenchRow } from '../context'
import { startTlsFront } from '../tls-front'

const SECTION = 's3-words-and-definitions'
// Debian's Chromium, headless, with nothing of its own on the network while it is measured.
// The TLS front's certificate is a throwaway one, so certificate errors are ignored.
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--ignore-certificate-errors']

/**
 * Asks for the page and every script and stylesheet it names once before Lighthouse does. A live server has long since
 * rendered its pages and served its files, while the bench's has just started: its first render of a page (loading
 * and compiling that page's server code) took 160–690 ms, which is not what a learner meets.
 */
async function warmUp(url: string, headers: Record<string, string>) {
  const html = await (await fetch(url, { headers })).text()
  const assets = [...html.matchAll(/"(\/_(?:nuxt|styles)\/[^"]+)"/g)].map(m => new URL(m[1]!, url).href)
  await Promise.all([...new Set(assets)].map(async asset => (await fetch(asset, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer()))
}

/**
 * Lighthouse's mobile scores (its default: a mid-range phone on a slow 4G link, simulated) for performance
 * and accessibility, on the landing page and on a section page signed in as a learner with a seat. Any
 * accessibility audit that fails is listed by name. BENCH_LIGHTHOUSE_DIR=folder keeps each full report there.
 * Each page is asked for once first (`warmUp`), as a live server would have been.
 *
 * Each page is measured twice: straight from the app's own HTTP/1.1 server (the figures kept since the first
 * round), then through a TLS front speaking HTTP/2, as learners reach it behind the load balancer. Lighthouse models
 * the two differently: over HTTP/1.1 every script waits its turn on one of six connections, each turn a round trip
 * of its slow link; over HTTP/2 they share one connection.
 */
export const lighthouseScores: Benchmark = {
  name: 'Lighthouse (mobile)',
  async run(ctx) {
    const [cookie] = await ctx.learners('lighthouse', 1)
    const front = await startTlsFront(ctx.baseUrl)
    const chrome = await launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags: FLAGS, logLevel: 'error' })
    const rows: BenchRow[] = []
    try {
      const pages: [string, string, Record<string, string>][] = [
        ['landing page', '/', {}],
        [`section page, signed in`, `/course/${SECTION}`, { cookie: cookie! }],
      ]
      const ways: [string, string][] = [['', ctx.baseUrl], [' via TLS + HTTP/2 front', front.url]]
      for (const [way, baseUrl] of ways) for (const [page, path, extraHeaders] of pages) {
        const label = page + way
        await warmUp(ctx.baseUrl + path, extraHeaders)
        const result = await lighthouse(baseUrl + path, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          extraHeaders,
        })
        if (!result) throw new Error(`Lighthouse gave no result for ${path}`)
        if (process.env.BENCH_LIGHTHOUSE_DIR) mkdirSync(process.env.BENCH_LIGHTHOUSE_DIR, { recursive: true })
        if (process.env.BENCH_LIGHTHOUSE_DIR) writeFileSync(`${process.env.BENCH_LIGHTHOUSE_DIR}/lighthouse-${page.split(/\W/)[0]}${way ? '-h2' : ''}.json`, String(result.report))
        const { categories, audits, runtimeError } = result.lhr
        if (runtimeError) throw new Error(`Lighthouse could not measure ${path}: ${runtimeError.message}`)
        const score = (id: string) => String(Math.round((categories[id]?.score ?? 0) * 100))
        const failing = (categories.accessibility?.auditRefs ?? [])
          .filter(ref => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
          .map(ref => ref.id)
        const metric = (id: string) => audits[id]?.displayValue ?? '?'
        rows.push(
          { measure: `${label} (${path}): performance`, value: score('performance') },
          { measure: `${label}: first contentful paint / largest / total blocking`, value: `${metric('first-contentful-paint')} / ${metric('largest-contentful-paint')} / ${metric('total-blocking-time')}` },
          { measure: `${label}: accessibility`, value: score('accessibility') },
          ...failing.length ? [{ measure: `${label}: accessibility audits failing`, value: failing.join(', ') }] : [],
        )
      }
    }
    finally {
      chrome.kill()
      await front.close()
    }
    return rows
  },
}
