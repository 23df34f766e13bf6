import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { appEnvAllows } from '../domain/platform/app-env'
import {
  API_CACHE_CONTROL, API_CONTENT_SECURITY_POLICY, addScriptNonce, commonSecurityHeaders, isApiPath,
  pageCacheControl, pageContentSecurityPolicy,
} from '../domain/platform/security-headers'

/**
 * Applies server/domain/platform/security-headers.ts to every response.
 *
 * Defaults are set when the request arrives, before any handler runs, so a route that sets its own header
 * (SCORM package files their framing policy, the job-aid PDFs their public caching) replaces the default and
 * is never overwritten. Pages get their policy when rendered, with a fresh nonce for their inline scripts.
 */
export default defineNitroPlugin((nitro) => {
  const appEnv = useRuntimeConfig().appEnv
  const common = commonSecurityHeaders({ strictTransportSecurity: appEnvAllows.httpsOnlyHeaders(appEnv) })
  const policyHeader = appEnvAllows.enforcedContentSecurityPolicy(appEnv)
    ? 'content-security-policy'
    : 'content-security-policy-report-only'

  nitro.hooks.hook('request', (event) => {
    setResponseHeaders(event, common)
    if (isApiPath(event.path)) {
      setResponseHeaders(event, {
        [policyHeader]: API_CONTENT_SECURITY_POLICY,
        'x-frame-options': 'DENY',
        'cache-control': API_CACHE_CONTROL,
      })
    }
  })

  nitro.hooks.hook('render:html', (html, { event }) => {
    const nonce = pageNonce(event)
    html.head = html.head.map(chunk => addScriptNonce(chunk, nonce))
    html.bodyPrepend = html.bodyPrepend.map(chunk => addScriptNonce(chunk, nonce))
    html.bodyAppend = html.bodyAppend.map(chunk => addScriptNonce(chunk, nonce))
  })

  nitro.hooks.hook('render:response', (response, { event }) => {
    const headers = (response.headers ??= {}) as Record<string, string>
    headers[policyHeader] = pageContentSecurityPolicy({
      nonce: pageNonce(event),
      frameSources: frameSources(),
      upgradeInsecureRequests: appEnvAllows.httpsOnlyHeaders(appEnv),
    })
    headers['x-frame-options'] = 'DENY'
    // The simplest rule that cannot miss a page: a session cookie came with the request, so the page may show
    // that person's data. (An expired cookie also counts; that costs nothing.)
    headers['cache-control'] = pageCacheControl(Boolean(getCookie(event, sessionCookieName())))
  })
})

/** One nonce per page response, 128 random bits, shared by the page's markup and its header. */
function pageNonce(event: H3Event): string {
  return (event.context.cspNonce ??= randomBytes(16).toString('base64')) as string
}
