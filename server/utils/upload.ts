import type { H3Event } from 'h3'
import { DomainError } from '../domain/platform/errors'

function tooLarge(maxBytes: number) {
  return new DomainError('too_large', `This file is too large: the limit is ${Math.round(maxBytes / 1024).toLocaleString('en-GB')} KB. Split it into smaller files.`, { code: 'file_too_large' })
}

/**
 * The raw request body, refused with 413 (with this file-specific message) when it passes `maxBytes`: a declared
 * Content-Length over the limit is refused before reading anything. A body streamed without one was capped as it
 * was read by server/middleware/00.body-limit.ts, so a huge upload never fills the server's memory.
 */
export async function readLimitedBody(event: H3Event, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(getHeader(event, 'content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
  // The body-limit middleware has already read it, stopping at the route's limit (server/domain/platform/body-limits.ts).
  const raw = await readRawBody(event, false)
  if (raw && raw.length > maxBytes) throw tooLarge(maxBytes)
  return new Uint8Array(raw ?? [])
}
