import type { Readable } from 'node:stream'
import type { H3Event } from 'h3'

/**
 * Sends a generated file as a download, streamed. If the client goes away before the end, the stream is
 * destroyed, which stops the work behind it (and closes a database cursor) rather than leaving it waiting.
 */
export function sendDownload(event: H3Event, stream: Readable, contentType: string, fileName: string) {
  setResponseHeaders(event, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  event.node.res.once('close', () => {
    if (!stream.readableEnded) stream.destroy()
  })
  return sendStream(event, stream)
}
