/**
 * The SCORM content origin: where package files are served, apart from the site, so a package's scripts
 * run in a frame that cannot read the viewer's cookies, storage or pages, nor call the API as them.
 *
 * NUXT_SCORM_CONTENT_ORIGIN names it (a host of its own; best a separate registrable domain, so the site's
 * SameSite cookies never go with the package's requests). Unset, a site on localhost or 127.0.0.1 (the
 * embedded default and the tests) serves content on `scorm-content.localhost` at the same port: another
 * site to the browser, which sends it none of the site's cookies. Any other site without the setting serves
 * no package files at all.
 *
 * The security-headers layer uses `isScormContentRequest` to leave these responses alone, and the page
 * hosting the player must allow `frame-src <scormContentOrigin()>`.
 */
import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import type { ZodType } from 'zod'
import { SCORM_SANDBOX } from '#shared/scorm'
import { DomainError } from '../domain/platform/errors'
import { contentTokenValid, signContentToken } from '../domain/scorm/scorm-content-token'

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url)
    return origin === 'null' ? null : origin
  }
  catch {
    return null
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1'])
/** Browsers resolve every `*.localhost` name to this machine, and treat it as a site apart from localhost. */
const EMBEDDED_CONTENT_HOST = 'scorm-content.localhost'

/**
 * The origins the site itself is served on: NUXT_PUBLIC_SITE_URL's, else this server on localhost and on
 * 127.0.0.1 (the embedded default answers on both). Only these may frame a package.
 */
export function scormAppOrigins(): string[] {
  const site = new URL(publicSiteUrl())
  if (useRuntimeConfig().public.siteUrl || !LOOPBACK_HOSTS.has(site.hostname)) return [site.origin]
  return [...LOOPBACK_HOSTS].map((host) => {
    site.hostname = host
    return site.origin
  })
}

/** Which of the site's origins a player page is on (the one a launch request came to), for the frame to answer. */
export function scormAppOrigin(requested?: string | null): string {
  const origins = scormAppOrigins()
  return requested && origins.includes(requested) ? requested : origins[0]!
}

/** The origin package files are served from, or null when none is configured (then SCORM cannot launch). */
export function scormContentOrigin(): string | null {
  const configured = useRuntimeConfig().scorm.contentOrigin
  if (configured) return originOf(configured)
  const app = new URL(scormAppOrigin())
  if (!LOOPBACK_HOSTS.has(app.hostname)) return null
  app.hostname = EMBEDDED_CONTENT_HOST
  return app.origin
}

let contentHost: { settings: string, host: string | null } | undefined

/**
 * The content origin's host, when it is apart from the site's. Every request asks (two middlewares), and the
 * answer only changes with the settings, so it is worked out again only when they differ.
 */
function contentHostToMatch(): string | null {
  const config = useRuntimeConfig()
  const settings = `${config.public.siteUrl}|${config.scorm.contentOrigin}|${process.env.PORT}`
  if (contentHost?.settings !== settings) {
    const content = scormContentOrigin()
    contentHost = { settings, host: !content || scormAppOrigins().includes(content) ? null : new URL(content).host }
  }
  return contentHost.host
}

/** Whether a request was addressed to the content origin (by its Host, as the proxy forwards it). */
export function isScormContentRequest(event: H3Event): boolean {
  const host = contentHostToMatch()
  return host !== null && getRequestHost(event, { xForwardedHost: useRuntimeConfig().trustProxy }) === host
}

let processSecret: string | undefined

function contentSecret(): string {
  const configured = useRuntimeConfig().scorm.contentSecret
  // One instance can sign with a secret of its own; several behind a load balancer must share one.
  return configured || (processSecret ??= randomBytes(32).toString('base64url'))
}

function tokenSeconds() {
  const minutes = Number(useRuntimeConfig().scorm.contentTokenMinutes)
  return (minutes > 0 ? minutes : 240) * 60
}

/**
 * The address of the frame that runs a package, on the content origin, signed for this package; `app` tells
 * the frame which of the site's origins will be talking to it (unsigned: it is checked against the list).
 */
export function scormFrameUrl(packageId: string, appOrigin: string, now = new Date()): string {
  const content = scormContentOrigin()
  if (!content) throw new DomainError('unavailable', 'SCORM courses cannot be opened until the site sets NUXT_SCORM_CONTENT_ORIGIN.', { code: 'scorm_no_content_origin' })
  return `${content}/scorm/frame/${packageId}/${signContentToken(contentSecret(), packageId, now, tokenSeconds())}?app=${encodeURIComponent(scormAppOrigin(appOrigin))}`
}

export function scormTokenValid(subject: string, token: string, now = new Date()): boolean {
  return contentTokenValid(contentSecret(), subject, token, now)
}

/**
 * Where the package's frame sends a launch's last changes itself, as the page closes: the player page is
 * already gone by the time a package's unload handler runs, so messages to it are lost. Signed for this one
 * launch of this attempt, it lets the frame do nothing the runtime would not have done for it.
 */
export function scormExitUrl(attemptId: string, launch: number, now = new Date()): string {
  const content = scormContentOrigin()!
  return `${content}/scorm/commit/${attemptId}/${launch}/${signContentToken(contentSecret(), `${attemptId}/${launch}`, now, tokenSeconds())}`
}

/**
 * Headers for everything served on the content origin. The sandbox keeps the package from navigating the
 * site's page, opening unsandboxed windows or using plugins; it keeps same-origin (with the content origin,
 * never the site) because packages script between their own frames (a page calling parent.RecordTest).
 * Only the site may frame it; the signed address is not sent on to other hosts.
 */
export function scormContentHeaders(): Record<string, string> {
  return {
    'content-security-policy': `sandbox ${SCORM_SANDBOX}; frame-ancestors ${scormAppOrigins().join(' ')} ${scormContentOrigin()}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  }
}

/**
 * The checks every content-origin route makes first: addressed to the content origin (the same address on
 * the site is refused), valid parameters, and a signed, unexpired token for this package (else 403).
 */
export function requireScormContent<T extends { token: string }>(event: H3Event, schema: ZodType<T>, subjectOf: (params: T) => string): T {
  if (!isScormContentRequest(event)) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const params = readParams(event, schema)
  if (!scormTokenValid(subjectOf(params), params.token)) {
    throw createError({ statusCode: 403, statusMessage: 'Link expired', message: 'This course link has expired or is not valid. Open the course again from the SCORM courses page.' })
  }
  // Nothing on this origin sets a cookie (the session layer never saw one here): drop any added before.
  event.node.res.removeHeader('set-cookie')
  return params
}

/** A refusal from the content origin, as JSON: never the site's error page, which is the site's own HTML. */
export function scormContentRefusal(event: H3Event, status: number, message: string) {
  setResponseStatus(event, status)
  setResponseHeaders(event, { ...scormContentHeaders(), 'content-type': 'application/json', 'cache-control': 'no-store' })
  return { statusCode: status, message }
}

/** A content-origin route: its refusals (404, 403) are answered here, as scormContentRefusal says. */
export function defineScormContentHandler<T>(handler: (event: H3Event) => Promise<T>) {
  return defineEventHandler(async (event) => {
    try {
      return await handler(event)
    }
    catch (error) {
      const httpError = toHttpError(error, event) as { statusCode?: number, message?: string }
      const status = httpError.statusCode ?? 500
      if (status >= 500) throw httpError
      return scormContentRefusal(event, status, httpError.message || 'Not found')
    }
  })
}
