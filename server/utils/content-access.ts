import type { H3Event } from 'h3'
import { generateRandomToken } from '../domain/platform/tokens'

// @nuxt/content answers server-side queries through its own HTTP routes (/__nuxt_content/...), called
// in-process with the incoming request's headers. Those routes would also hand the whole course, answer
// keys included, to anyone who asked, so they are closed to the outside: only requests carrying this
// process's random secret get through.
const secret = generateRandomToken()
const HEADER = 'x-content-access'

/** Lets this request's in-process content queries through the guard. */
export function allowContentQueries(event: H3Event) {
  event.node.req.headers[HEADER] = secret
}

export function isInternalContentQuery(event: H3Event) {
  return event.path.startsWith('/__nuxt_content/') && getHeader(event, HEADER) === secret
}
