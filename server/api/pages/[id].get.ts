import { z } from 'zod'
import { nameParam } from '#shared/types/params'
import { DomainError } from '../../domain/platform/errors'

const NO_SUCH_PAGE = 'There is no page with that name. Try /glossary, /help or /sources.'
const Params = z.object({ id: nameParam(NO_SUCH_PAGE) })

/** A public page (glossary, help, sources) for <ContentRenderer>: no sign-in, nothing from the course itself. */
export default defineApiHandler(async (event) => {
  const { id } = readParams(event, Params)
  const page = (await useSitePages(event)).get(id)
  if (!page) throw new DomainError('not_found', NO_SUCH_PAGE)
  return page
})
