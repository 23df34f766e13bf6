import type { Benchmark } from '../context'
import { load, loadRows } from '../load'

const SECTION = 's3-words-and-definitions'
const CONNECTIONS = 20
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20) / 2

/**
 * Server-side rendering of a section page for signed-in learners with seats: 20 learners (one connection
 * and one session each) asking for the page again and again for 10 s (autocannon).
 */
export const sectionPageLoad: Benchmark = {
  name: 'section page SSR',
  async run(ctx) {
    const cookies = await ctx.learners('ssr', CONNECTIONS)
    const path = `/course/${SECTION}`
    const check = await fetch(ctx.baseUrl + path, { headers: { cookie: cookies[0]! } })
    const html = await check.text()
    // A signed-in learner with a seat gets the section text, not the sign-in page or the licence notice.
    if (!check.ok || !html.includes('<h1') || /Sign in to continue|You need a licence/.test(html)) {
      throw new Error(`the section page did not render for a learner: ${check.status}`)
    }
    await load({ baseUrl: ctx.baseUrl, path, cookies, seconds: 2 })
    const run = await load({ baseUrl: ctx.baseUrl, path, cookies, seconds: SECONDS })
    return [
      { measure: `${path}: HTML size`, value: `${(html.length / 1024).toFixed(1)} KB` },
      ...loadRows(`${path}, ${CONNECTIONS} learners for ${SECONDS} s`, run, [0.5, 0.95]),
    ]
  },
}
