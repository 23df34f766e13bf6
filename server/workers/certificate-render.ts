/**
 * A worker thread that renders certificate PDFs for the zip of many (server/services/certificates/certificate-render-pool.ts).
 * Fonts are read and unpacked once per worker, and fontkit's parsed fonts are kept with them, so every render
 * after the first reuses them. Bundled to `.output/server/workers/certificate-render.mjs` by the build
 * (build/certificate-worker.ts); its packages (pdfkit, fontkit, qrcode) come from the server's node_modules.
 */
import { parentPort } from 'node:worker_threads'
import { loadCertificateFonts } from '../services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../services/certificates/certificate-pdf'

const fonts = loadCertificateFonts()

parentPort?.on('message', async ({ id, content }: { id: number, content: CertificateContent }) => {
  try {
    // A Buffer crosses to a worker as a plain Uint8Array, which pdfkit would take for a file name.
    const signature = content.signature ? Buffer.from(content.signature.buffer, content.signature.byteOffset, content.signature.byteLength) : content.signature
    const pdf = await renderCertificatePdf({ ...content, signature }, await fonts)
    // Handed over rather than copied when the PDF has its memory to itself (it is not a slice of Node's pool).
    const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength
    parentPort!.postMessage({ id, pdf }, own ? [pdf.buffer as ArrayBuffer] : [])
  }
  catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
