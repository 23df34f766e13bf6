import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { ZipArchive } from 'archiver'
import { safeFileName } from '../../domain/platform/file-names'
import type { CertificateFonts } from './certificate-fonts'
import type { CertificateContent } from './certificate-pdf'
import { certificateRenderer } from './certificate-render-pool'

/** How much zipped output may wait for a slow client before rendering pauses. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export function zipEntryName(content: Pick<CertificateContent, 'learnerName' | 'code'>): string {
  return `${safeFileName(content.learnerName)}-${content.code}.pdf`
}

/**
 * A zip of certificate PDFs, streamed: PDFs are rendered a few at a time (in worker threads; see
 * certificate-render-pool.ts) and added in order as each is ready; rendering waits while the client is slow to
 * read, so memory stays small for any number of learners. PDFs are already compressed, so entries are stored,
 * not deflated again. `workerFile` is for the bench: the server finds its built worker by itself.
 */
export function certificatesZip(contents: CertificateContent[], fonts: CertificateFonts, workerFile?: string): Readable {
  const archive = new ZipArchive({ store: true })
  const renderer = certificateRenderer(fonts, workerFile)
  void (async () => {
    const inFlight: Promise<Buffer>[] = []
    let next = 0
    for (const content of contents) {
      while (inFlight.length < renderer.concurrency && next < contents.length) {
        const rendering = renderer.render(contents[next++]!)
        // Awaited in turn below; this only keeps a failure after the zip was abandoned from going unhandled.
        rendering.catch(() => {})
        inFlight.push(rendering)
      }
      const pdf = await inFlight.shift()!
      if (archive.destroyed) return
      archive.append(pdf, { name: zipEntryName(content), date: content.issuedAt })
      await once(archive, 'entry')
      while (archive.readableLength > MAX_BUFFERED_BYTES && !archive.destroyed) {
        const stop = new AbortController()
        await Promise.race([once(archive, 'data', { signal: stop.signal }), once(archive, 'close', { signal: stop.signal })]).catch(() => {})
        stop.abort()
      }
    }
    await archive.finalize()
  })().catch(error => archive.destroy(error as Error))
  return archive
}
