/**
 * Cross-site request forgery guard (Lucia's approach): every request that can change state must come
 * from a page of this site, shown by an Origin header naming this host. Stripe's webhook is exempt:
 * it is signed instead, and servers send no Origin.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method) || event.path.startsWith('/webhooks/') || isInternalContentQuery(event)) return
  const origin = getHeader(event, 'origin')
  const host = getRequestHost(event)
  let originHost: string | null
  try {
    originHost = origin ? new URL(origin).host : null
  }
  catch {
    originHost = null
  }
  if (!originHost || originHost !== host || getHeader(event, 'sec-fetch-site') === 'cross-site') {
    throw createError({ statusCode: 403, statusMessage: 'Cross-site request refused', message: 'This request did not come from this site, so it was refused.' })
  }
})
