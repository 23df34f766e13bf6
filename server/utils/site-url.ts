import type { H3Event } from 'h3'

/** The public address used in emailed links: configured in production, else the address the request came to. */
export function siteUrl(event: H3Event): string {
  const configured = useRuntimeConfig(event).public.siteUrl
  return (configured || getRequestURL(event).origin).replace(/\/$/, '')
}
