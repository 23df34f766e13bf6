import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { type Benchmark, kb } from '../context'

const SECTION = 's3-words-and-definitions'

/** Chunk names are hashes: say what the big ones hold, from strings only that code contains. */
const KNOWN: [RegExp, string][] = [
  [/__vite__mapDeps[\s\S]*iconifyApiEndpoint/, 'app entry (Nuxt, router, unhead, pinia, app config)'],
  [/onVnodeBeforeMount/, 'Vue runtime'],
  [/iconify/i, 'Iconify runtime and bundled icons (UIcon)'],
  [/twMerge/, 'tailwind-variants and tailwind-merge (Nuxt UI styling)'],
  [/MDCRenderer|minimark/, 'section page, markdown renderer'],
  [/\bzod\b|ZodError/, 'zod'],
]
const describe = (code: string) => KNOWN.find(([pattern]) => pattern.test(code))?.[1] ?? ''

/**
 * The JavaScript a phone downloads to open a section page for the first time, as a signed-in learner:
 * every script the page loads (entry, chunks, lazy components), each gzipped at the default level.
 */
export const sectionPageJs: Benchmark = {
  name: 'section page JS',
  async run(ctx) {
    const { cookie } = await ctx.learner('js')
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
    try {
      const context = await browser.newContext({ viewport: { width: 412, height: 915 } })
      const url = new URL(ctx.baseUrl)
      await context.addCookies(cookie.split('; ').map((pair) => {
        const [name, ...value] = pair.split('=')
        return { name: name!, value: value.join('='), domain: url.hostname, path: '/', secure: name!.startsWith('__Host-'), httpOnly: true, sameSite: 'Lax' as const }
      }))
      const page = await context.newPage()
      const scripts: { url: string, raw: number, gzip: number, wire: number, what: string }[] = []
      page.on('response', async (res) => {
        if (res.request().resourceType() !== 'script') return
        const body = await res.body().catch(() => null)
        // What actually crossed the network: the server sends brotli to browsers that accept it.
        const wire = (await res.request().sizes().catch(() => null))?.responseBodySize ?? Number.NaN
        if (body) scripts.push({ url: new URL(res.url()).pathname, raw: body.length, gzip: gzipSync(body).length, wire, what: describe(body.toString()) })
      })
      await page.goto(`${ctx.baseUrl}/course/${SECTION}`, { waitUntil: 'networkidle' })
      if (!(await page.getByRole('heading', { level: 1 }).textContent())?.trim()) throw new Error('the section page did not render')
      // Scroll through so anything loaded on the way (lazy blocks) is counted too.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      await page.waitForLoadState('networkidle')
      const total = scripts.reduce((sum, s) => sum + s.gzip, 0)
      const raw = scripts.reduce((sum, s) => sum + s.raw, 0)
      const wire = scripts.reduce((sum, s) => sum + s.wire, 0)
      const largest = [...scripts].sort((a, b) => b.gzip - a.gzip).slice(0, process.env.BENCH_JS_ALL ? undefined : 5)
      return [
        { measure: `/course/${SECTION}: JS files loaded`, value: String(scripts.length) },
        { measure: `/course/${SECTION}: JS transferred (gzip)`, value: kb(total) },
        { measure: `/course/${SECTION}: JS as served (brotli)`, value: kb(wire) },
        { measure: `/course/${SECTION}: JS uncompressed`, value: kb(raw) },
        ...largest.map(s => ({ measure: `  largest: ${s.url}${s.what ? ` (${s.what})` : ''}`, value: `${kb(s.gzip)} gzip` })),
      ]
    }
    finally {
      await browser.close()
    }
  },
}
