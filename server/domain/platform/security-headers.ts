/**
 * The security headers and caching rules for every response (issue 18, item 2), stated once.
 * server/plugins/04.security-headers.ts applies them; routes that need something else (SCORM package files,
 * the public job-aid PDFs) set their own headers, which this layer never overwrites.
 */

/** Sent on every response: pages, API answers, static files and package files alike. */
export function commonSecurityHeaders(options: { strictTransportSecurity: boolean }): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // Nothing here uses the camera, microphone, location or payment APIs. Reading aloud (speechSynthesis)
    // needs no permission, so it is not listed.
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    // A year, subdomains too. Only in production: test and development servers run on plain HTTP, and a browser
    // that saw this header for localhost would refuse plain HTTP there for a year.
    ...(options.strictTransportSecurity ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}

export interface PagePolicyOptions {
  /** This response's nonce: only inline scripts carrying it run. */
  nonce: string
  /** Where pages may load frames from (`frameSources()` in server/utils/security-headers.ts). */
  frameSources: string[]
  /** Production only: plain-HTTP test servers on localhost would otherwise have their requests rewritten. */
  upgradeInsecureRequests: boolean
}

/** The Content-Security-Policy of a server-rendered page. */
export function pageContentSecurityPolicy(options: PagePolicyOptions): string {
  return [
    `default-src 'self'`,
    // Our own bundles (/_nuxt/), plus the inline scripts Nuxt renders (the `window.__NUXT__` config), each of
    // which is given this response's nonce. No 'unsafe-inline' and no 'unsafe-eval'.
    `script-src 'self' 'nonce-${options.nonce}'`,
    // 'unsafe-inline' for styles only: Nuxt UI writes its colour variables in a <style> tag and Vue renders
    // `style="..."` attributes (progress bars, transitions), which a nonce cannot cover. Styles cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    // data: for the icons and small images drawn in CSS; blob: for files the browser builds before saving.
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    // Stripe Checkout is a full-page redirect (no Stripe.js), so the browser only ever talks to this site.
    `connect-src 'self'`,
    `media-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    // Forms post only here: buying sends the browser to Stripe by navigation, not by a form.
    `form-action 'self'`,
    `frame-src ${options.frameSources.join(' ')}`,
    // No one frames our pages (clickjacking). SCORM package files set their own policy in their route.
    `frame-ancestors 'none'`,
    ...(options.upgradeInsecureRequests ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/** API answers and webhooks are data, never documents: nothing in them may load or run, or be framed. */
export const API_CONTENT_SECURITY_POLICY = `default-src 'none'; frame-ancestors 'none'`

/**
 * Caching, in one place:
 * - Static files under /_nuxt/ keep Nitro's long immutable caching (their names change with their content).
 * - API answers and webhooks: `no-store`, because nearly all of them depend on who is asking. A route whose answer
 *   is the same for everyone may say so itself with its own Cache-Control (today: the job-aid PDFs).
 * - Pages rendered with a session cookie: `no-store`, so a shared or back-button copy never shows one person's page
 *   to another, or after signing out.
 * - Pages rendered without one: `private, no-cache`, kept by the browser only and checked with the server each time
 *   (each response has its own script nonce, which a shared cache must not hand to everyone).
 */
export const API_CACHE_CONTROL = 'no-store'
export function pageCacheControl(signedIn: boolean): string {
  return signedIn ? 'no-store' : 'private, no-cache'
}

/** Paths whose responses are API answers (not pages, not static files, not SCORM package files). */
export function isApiPath(path: string): boolean {
  return /^\/(?:api|webhooks)(?:\/|$|\?)/.test(path)
}

/**
 * Gives each `<script` tag in the given markup the nonce, unless it has one already. Only for the markup Nuxt
 * writes around the app (head and body end), never for the rendered app itself: a script that reached the page
 * through content must not be blessed.
 */
export function addScriptNonce(html: string, nonce: string): string {
  return html.replace(/<script\b(?![^>]*\snonce=)/gi, `<script nonce="${nonce}"`)
}
