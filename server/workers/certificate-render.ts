/**
 * A worker thread that renders certificate PDFs for the zip of many (server/services/certificates/certificate-render-pool.ts).
 * Fonts are read and unpacked once per worker, and fontkit's parsed fonts are kept with them, so every render
 * after the first reuses them. Bundled, with its packages (pdfkit, fontkit, qrcode), to
 * `.output/server/workers/certificate-render.mjs` by the build (build/certificate-worker.ts).
 */
import { fileURLToPath } from 'node:url'
import { parentPort } from 'node:worker_threads'
import { findFontsFolder, loadCertificateFonts } from '../services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../services/certificates/certificate-pdf'

// The fonts are beside the built server, one folder up from this file: found from here, not from the working
// directory, so a built server copied anywhere without node_modules (docs/deploy.md) still draws certificates.
const fonts = loadCertificateFonts(findFontsFolder(fileURLToPath(new URL('..', import.meta.url))))

parentPort?.on('message', async ({ id, content }: { id: number, content: CertificateContent }) => {
  try {
    // A Buffer crosses to a worker as a plain Uint8Array, which pdfkit would take for a file name.
    const signature = content.signature ? Buffer.from(content.signature.buffer, content.signature.byteOffset, content.signature.byteLength) : content.signature
    const drawn = await renderCertificatePdf({ ...content, signature }, await fonts)
    // Handed over, never copied. A certificate (about 20 kB) is a slice of Node's 64 kB buffer pool, and
    // posting a slice copies the whole pool into the server's thread, where it stayed until a collection;
    // so it moves into memory of its own first.
    const own = drawn.byteOffset === 0 && drawn.byteLength === drawn.buffer.byteLength
    const pdf = own ? drawn : new Uint8Array(drawn)
    parentPort!.postMessage({ id, pdf }, [pdf.buffer as ArrayBuffer])
  }
  catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
