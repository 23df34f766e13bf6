/**
 * Where pages may load frames from, stated once for the Content-Security-Policy's `frame-src`: this site, plus the
 * SCORM content origin when packages are served from one (NUXT_SCORM_CONTENT_ORIGIN; the SCORM player frames
 * package files from there).
 */
export function frameSources(scormConfig: object = useRuntimeConfig().scorm): string[] {
  const contentOrigin = (scormConfig as { contentOrigin?: string }).contentOrigin
  const sources = [`'self'`]
  if (contentOrigin) sources.push(new URL(contentOrigin).origin)
  return sources
}
