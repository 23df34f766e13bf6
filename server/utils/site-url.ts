import type { H3Event } from 'h3'

/** The public address used in emailed links: configured in production, else the address the request came to. */
export function siteUrl(event: H3Event): string {
  const configured = useRuntimeConfig(event).public.siteUrl
  return (configured || getRequestURL(event).origin).replace(/\/$/, '')
}

/** The public address where no request is at hand (a use case deep in a transaction): configured, else this server. */
export function publicSiteUrl(): string {
  const configured = useRuntimeConfig().public.siteUrl
  return (configured || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '')
}
