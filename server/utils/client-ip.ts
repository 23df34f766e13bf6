import type { H3Event } from 'h3'

declare module 'h3' {
  interface H3EventContext {
    /** The client's address, fixed by the outer request: pages rendered on the server pass it to the API calls they make. */
    clientIp?: string
  }
}

/**
 * The address of the client that sent the request. Behind a load balancer (NUXT_TRUST_PROXY=true) it is the
 * last X-Forwarded-For entry, the one our proxy appended: earlier entries come from the client and can be forged.
 */
export function clientIp(event: H3Event): string | undefined {
  if (event.context.clientIp !== undefined) return event.context.clientIp
  // Not useRuntimeConfig(event): that copies the whole configuration and re-reads the environment for each
  // request (a noticeable share of a progress save's CPU time); the shared copy was read at start-up.
  if (useRuntimeConfig().trustProxy) {
    const forwarded = getRequestHeader(event, 'x-forwarded-for')?.split(',').map(s => s.trim()).filter(Boolean).at(-1)
    if (forwarded) return forwarded
  }
  return event.node.req.socket?.remoteAddress
}
