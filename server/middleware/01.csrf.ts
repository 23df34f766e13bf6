/**
 * Cross-site request forgery guard (Lucia's approach): every request that can change state must come
 * from a page of this site, shown by an Origin header naming this site's scheme, host and port exactly
 * (NUXT_PUBLIC_SITE_URL when set, else the address the request came to). Stripe's webhook is exempt:
 * it is signed instead, and servers send no Origin.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function originOf(url: string | undefined): string | null {
  if (!url) return null
  try {
    const { origin } = new URL(url)
    return origin === 'null' ? null : origin
  }
  catch {
    return null
  }
}

export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method) || event.path.startsWith('/webhooks/') || isInternalContentQuery(event)) return
  // The SCORM content origin reads no cookies (server/middleware/00.scorm-content-host.ts): its one write is signed.
  if (isScormContentRequest(event)) return
  const config = useRuntimeConfig()
  const expected = originOf(config.public.siteUrl) ?? originOf(getRequestURL(event, { xForwardedProto: config.trustProxy }).href)
  const origin = originOf(getHeader(event, 'origin'))
  if (!origin || origin !== expected || getHeader(event, 'sec-fetch-site') === 'cross-site') {
    throw createError({ statusCode: 403, statusMessage: 'Cross-site request refused', message: 'This request did not come from this site, so it was refused.' })
  }
})
