import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import type { SitePage } from '#shared/types/pages'

let pages: Promise<Map<string, SitePage>> | undefined

/**
 * The site's public pages by their stable id, read from @nuxt/content once per process (content is fixed
 * at build time). Pages are open to everyone, but the content module's own query routes stay closed, so
 * the browser reads them through /api/pages/<id>.
 */
export function useSitePages(event: H3Event): Promise<Map<string, SitePage>> {
  pages ??= (async () => {
    allowContentQueries(event)
    const rows = await queryCollection(event, 'pages').all()
    return new Map(rows.map((row) => {
      // The file's `key` (content.schemas.ts): @nuxt/content's own `id` is the file's path.
      const id = row.key
      if (typeof id !== 'string') throw new Error(`Content page ${row.id} has no key`)
      return [id, { id, title: row.title, description: row.description, body: row.body }]
    }))
  })()
  pages.catch(() => { pages = undefined })
  return pages
}
