import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { ZipArchive } from 'archiver'
import { safeFileName } from '../domain/file-names'
import type { CertificateFonts } from './certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from './certificate-pdf'

/** How much zipped output may wait for a slow client before rendering pauses. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export function zipEntryName(content: Pick<CertificateContent, 'learnerName' | 'code'>): string {
  return `${safeFileName(content.learnerName)}-${content.code}.pdf`
}

/**
 * A zip of certificate PDFs, streamed: each PDF is rendered only when the previous one has been handed to the
 * zip, and rendering waits while the client is slow to read, so memory stays small for any number of learners.
 * PDFs are already compressed, so entries are stored, not deflated again.
 */
export function certificatesZip(contents: CertificateContent[], fonts: CertificateFonts): Readable {
  const archive = new ZipArchive({ store: true })
  void (async () => {
    for (const content of contents) {
      if (archive.destroyed) return
      archive.append(await renderCertificatePdf(content, fonts), { name: zipEntryName(content), date: content.issuedAt })
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
