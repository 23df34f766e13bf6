import type { H3Event } from 'h3'
import { appEnvAllows } from '../domain/platform/app-env'

/**
 * The public address used in emailed links: NUXT_PUBLIC_SITE_URL when set. Without it, development follows the
 * address the request came to (a phone on the local network); every other mode uses this server's own address,
 * never the Host header, which whoever sends the request chooses (a reset link must not point elsewhere).
 */
export function siteUrl(event: H3Event): string {
  const config = useRuntimeConfig()
  if (config.public.siteUrl || !appEnvAllows.linksFromRequestHost(config.appEnv)) return publicSiteUrl()
  return getRequestURL(event).origin.replace(/\/$/, '')
}

/** The public address where no request is at hand (a use case deep in a transaction): configured, else this server. */
export function publicSiteUrl(): string {
  const configured = useRuntimeConfig().public.siteUrl
  return (configured || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '')
}
