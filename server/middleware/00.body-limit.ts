import type { IncomingMessage } from 'node:http'
import { bodyLimitFor } from '../domain/platform/body-limits'
import { DomainError } from '../domain/platform/errors'

function tooLarge(maxBytes: number) {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`
  return toHttpError(new DomainError('too_large', `The request is too large: the limit here is ${limit}.`, { code: 'too_large' }))
}

/** Reads the whole body, but stops (and drops the rest unread into memory) as soon as it passes maxBytes. */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        cleanUp()
        // Keep draining so the client hears the 413 rather than a reset, but hold none of it.
        req.resume()
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanUp()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      cleanUp()
      reject(error)
    }
    const cleanUp = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', onError)
  })
}

/**
 * Caps every request body as it is read, chunked or not (issue 18, item 3). A declared Content-Length over the
 * route's limit is refused before anything is read; otherwise the body is read here, counting bytes, and handed
 * to h3 so handlers read it as usual. The SCORM upload streams to disk under the same limit in its own handler.
 * Calls made inside the server (rendering a page) carry their body already and are not from a client.
 */
export default defineEventHandler(async (event) => {
  const req = event.node.req
  const headers = req.headers
  const hasBody = Number(headers['content-length'] ?? 0) > 0 || /\bchunked\b/i.test(String(headers['transfer-encoding'] ?? ''))
  if (!hasBody || event._requestBody !== undefined) return
  const internal = req as IncomingMessage & { body?: unknown, rawBody?: unknown }
  if (internal.body !== undefined || internal.rawBody !== undefined) return
  const { maxBytes, streamed } = bodyLimitFor(event.path, scormZipLimits().maxUploadBytes)
  // A streamed upload's handler counts the bytes itself and names its own limit in words the uploader knows.
  if (streamed) return
  const declared = Number(headers['content-length'] ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume()
    throw tooLarge(maxBytes)
  }
  const body = await readCapped(req, maxBytes)
  if (!body) throw tooLarge(maxBytes)
  // h3 reads a body from here when it is set (readBody, readRawBody), instead of from the socket. It takes a
  // Buffer as it is (Buffer.isBuffer), though its type names only the web's body kinds.
  event._requestBody = body as unknown as BodyInit
})
