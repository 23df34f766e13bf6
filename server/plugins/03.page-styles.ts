import { classesInHtml, stylesheetFor } from '../domain/platform/page-styles'

/** Pages' stylesheets by the classes they use: a few dozen distinct sets in practice; bounded all the same. */
const MAX_CACHED = 200
const cache = new Map<string, string>()

/**
 * Each page is sent with only the part of the site's stylesheet its HTML can use (about a fifth of it; see
 * server/domain/platform/page-styles.ts), in place of the whole of it, which Nuxt puts inline in every page
 * (`features.inlineStyles`). The first paint then waits for less to arrive and for less CSS to be parsed. The
 * `<style>` names the whole stylesheet's address; plugins/site-styles.client.ts loads it once the page runs.
 */
export default defineNitroPlugin((nitro) => {
  // Read the stylesheet's structure at start (tens of milliseconds), not while the first visitor waits.
  void siteStylesheet()
  nitro.hooks.hook('render:html', async (html) => {
    const sheet = await siteStylesheet()
    if (!sheet) return
    const whole = `<style>${sheet.text}</style>`
    const at = html.head.findIndex(chunk => chunk.includes(whole))
    if (at < 0) return
    const classes = new Set<string>()
    for (const part of [html.htmlAttrs, html.bodyAttrs, html.bodyPrepend, html.body, html.bodyAppend]) for (const chunk of part) classesInHtml(` ${chunk}`, classes)
    const key = [...classes].sort().join(' ')
    let css = cache.get(key)
    if (css === undefined) {
      css = stylesheetFor(sheet.index, classes)
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!)
      cache.set(key, css)
    }
    html.head[at] = html.head[at]!.replace(whole, () => `<style data-site-styles="${sheet.href}">${css}</style>`)
  })
})
