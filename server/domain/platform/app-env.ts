/**
 * The modes the server knows (NUXT_APP_ENV). Anything else refuses to start (issue 18, item 6), so a typo such
 * as "prod" or "staging" can never switch on a development convenience by falling through a check.
 */
export const APP_ENVS = ['development', 'test', 'production'] as const
export type AppEnv = typeof APP_ENVS[number]

export function isKnownAppEnv(value: unknown): value is AppEnv {
  return typeof value === 'string' && (APP_ENVS as readonly string[]).includes(value)
}

/** What each mode allows. Every check asks for a mode by name (an allowlist), never "not production". */
export const appEnvAllows = {
  /** Links in emails may follow the address a request came to; elsewhere only NUXT_PUBLIC_SITE_URL (or this server). */
  linksFromRequestHost: (env: string) => env === 'development',
  /** Demo accounts on the embedded database. */
  demoData: (env: string) => env === 'development',
  /** The /dev/mailbox page, which shows every email. The automated browser tests (test mode) read their mail there. */
  devMailbox: (env: string) => env === 'development' || env === 'test',
  /** Strict-Transport-Security and upgrade-insecure-requests: only where the site is served over HTTPS. */
  httpsOnlyHeaders: (env: string) => env === 'production',
  /**
   * The Content-Security-Policy is enforced. In development it is sent as Report-Only: the Vite dev server injects
   * its own scripts and websocket, and violations still show in the browser's console.
   */
  enforcedContentSecurityPolicy: (env: string) => env === 'test' || env === 'production',
}
