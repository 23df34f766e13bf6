import { z } from 'zod'
import { parseCertificateCode } from '../certificate-code'

/**
 * Route parameters: what may appear in the path where an id or a name goes. Server handlers read them with
 * `readParams(event, z.object({ ... }))` (server/utils/handler.ts). A parameter that fails its schema cannot name
 * anything, so the answer is a 404 whose message is the schema's own; it never reaches the database.
 */

/** The shape PostgreSQL's uuid column accepts as we write it (any version: access.ts makes version 8 ones). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

/** A row's id in the path; anything else is a 404 saying `message` (with `code` in the answer, if given). */
export function uuidParam(message = 'Not found.', code?: string) {
  return z.string({ error: message }).refine(isUuid, { error: message, params: code ? { code } : undefined })
}

/** A content name in the path (a section, page or job aid id), looked up after; too long or empty is a 404. */
export function nameParam(message: string) {
  return z.string({ error: message }).min(1, { error: message }).max(100, { error: message })
}

/**
 * A certificate code as people type it, read into canonical form. A mistyped code is a 404 that says what is
 * wrong (`code: 'mistyped'`), caught before any lookup.
 */
export const certificateCodeParam = z.string().transform((input, ctx) => {
  const parsed = parseCertificateCode(input)
  if (parsed.ok) return parsed.code
  ctx.addIssue({ code: 'custom', message: parsed.message, params: { code: 'mistyped' } })
  return z.NEVER
})
