import { z } from 'zod'
import { DomainError } from '../../domain/errors'

const Params = z.object({ id: z.string().min(1).max(100) })

/** A public page (glossary, help, sources) for <ContentRenderer>: no sign-in, nothing from the course itself. */
export default defineApiHandler(async (event) => {
  const params = Params.safeParse(getRouterParams(event))
  const page = params.success ? (await useSitePages(event)).get(params.data.id) : undefined
  if (!page) throw new DomainError('not_found', 'There is no page with that name. Try /glossary, /help or /sources.')
  return page
})
