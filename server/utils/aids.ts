import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import type { AidKind, AidView } from '../../shared/aids'
import { z } from 'zod'
import { nameParam } from '#shared/types/params'
import { DomainError } from '../domain/platform/errors'

let aids: Promise<AidView[]> | undefined

/**
 * The job aids, in their stated order, read from @nuxt/content once per process (content is fixed at build
 * time). They are safety aids a carer may need in a hurry, so, like the glossary, they are open to everyone:
 * the content module's own query routes stay closed, and the browser reads them through /api/aids.
 */
export function useAids(event: H3Event): Promise<AidView[]> {
  aids ??= (async () => {
    allowContentQueries(event)
    const rows = await queryCollection(event, 'aids').all()
    return rows.map((row) => {
      // The file's `key` (content.schemas.ts): @nuxt/content's own `id` is the file's path.
      const id = row.key
      if (typeof id !== 'string') throw new Error(`Job aid ${row.id} has no key`)
      // The native SQLite connector hands numbers back as text.
      return { id, title: row.title, description: row.description, order: Number(row.order), kind: row.kind as AidKind, body: row.body }
    }).sort((a, b) => a.order - b.order)
  })()
  aids.catch(() => { aids = undefined })
  return aids
}

const NO_SUCH_AID = 'There is no job aid with that name. The list is at /course/aids.'
const aidParams = z.object({ id: nameParam(NO_SUCH_AID) })

/** The aid named in the route, or a 404 that lists where the aids are. */
export async function aidFromRoute(event: H3Event): Promise<AidView> {
  const { id } = readParams(event, aidParams)
  const aid = (await useAids(event)).find(a => a.id === id)
  if (!aid) throw new DomainError('not_found', NO_SUCH_AID)
  return aid
}
