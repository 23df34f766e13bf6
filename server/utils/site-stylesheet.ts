import { createHash } from 'node:crypto'
import entryIds from 'nuxt/entry-ids'
import styles from 'nuxt/styles'
import { indexStylesheet, type StylesheetIndex } from '../domain/platform/page-styles'

export interface SiteStylesheet {
  /** The stylesheet as Nuxt puts it inline in every page (assets/css/main.css, built). */
  text: string
  /** Where the whole stylesheet is served (server/routes/_styles/[file].get.ts), named by its content. */
  href: string
  index: StylesheetIndex
}

let loading: Promise<SiteStylesheet | null> | undefined

/**
 * The site's stylesheet, read from the same build output Nuxt's renderer reads it from, so it is the exact text
 * found in each page. Null when the build inlines no single entry stylesheet (then pages are left as they are).
 */
export function siteStylesheet(): Promise<SiteStylesheet | null> {
  loading ??= (async () => {
    const sheets = (await Promise.all(entryIds.map(id => styles[id]?.() ?? []))).flat()
    if (sheets.length !== 1 || !sheets[0]) return null
    const text = sheets[0]
    const hash = createHash('sha256').update(text).digest('base64url').slice(0, 12)
    return { text, href: `/_styles/site.${hash}.css`, index: indexStylesheet(text) }
  })().catch((error: unknown) => {
    // A stylesheet this reader cannot take leaves every page whole (as Nuxt sends it), never a failed page.
    console.error('The site stylesheet could not be indexed; pages keep the whole of it.', error)
    return null
  })
  return loading
}
