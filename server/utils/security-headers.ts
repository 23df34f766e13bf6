import { scormContentOrigin } from './scorm-origin'

/**
 * Where pages may load frames from, stated once for the Content-Security-Policy's `frame-src`: this site, plus the
 * SCORM content origin (NUXT_SCORM_CONTENT_ORIGIN, or the embedded default's `scorm-content.localhost`), from which
 * the SCORM player frames package files.
 */
export function frameSources(contentOrigin: string | null = scormContentOrigin()): string[] {
  const sources = [`'self'`]
  if (contentOrigin) sources.push(contentOrigin)
  return sources
}
