import type { H3Event } from 'h3'
import { DomainError } from '../domain/errors'

function tooLarge(maxBytes: number) {
  return new DomainError('too_large', `This file is too large: the limit is ${Math.round(maxBytes / 1024).toLocaleString('en-GB')} KB. Split it into smaller files.`, { code: 'file_too_large' })
}

/**
 * The raw request body, refused with 413 as soon as it passes `maxBytes`: a declared Content-Length
 * over the limit is refused before reading anything, and a body streamed without one stops being read
 * at the limit, so a huge upload never fills the server's memory.
 */
export async function readLimitedBody(event: H3Event, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(getHeader(event, 'content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of event.node.req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw tooLarge(maxBytes)
    chunks.push(chunk as Buffer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
