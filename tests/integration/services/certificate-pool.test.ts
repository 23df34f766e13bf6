import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { loadCertificateFonts } from '../../../server/services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../../../server/services/certificates/certificate-pdf'
import { RENDER_WORKER_FILE, RenderPool } from '../../../server/services/certificates/certificate-render-pool'
import { certificatesZip, zipEntryName } from '../../../server/services/certificates/certificate-zip'
import { zipTexts } from '../../support/unzip'

// The worker as the build bundles it beside the server (`npm run build` first, as for every integration test).
const worker = resolve('.output/server', RENDER_WORKER_FILE)

const content = (i: number): CertificateContent => ({
  learnerName: i % 3 === 0 ? `نور الهدى ${i}` : `Learner ${String(i).padStart(2, '0')} Ó'Brien`,
  courseTitle: 'Children Missing from Care',
  completedAt: new Date('2026-11-02T10:00:00Z'),
  issuedAt: new Date('2026-11-02T10:00:00Z'),
  cpdMinutes: 95,
  code: `CERT-POOL-${String(i).padStart(4, '0')}-ABCDE`,
  verifyUrl: `https://example.org/verify/${i}`,
})

describe('the certificate worker pool, as built', () => {
  it('is bundled beside the built server and renders a zip whose PDFs come out in order, one per learner', async () => {
    expect(existsSync(worker)).toBe(true)
    const contents = Array.from({ length: 12 }, (_, i) => content(i))
    const zip = certificatesZip(contents, await loadCertificateFonts(), worker)
    const chunks: Buffer[] = []
    for await (const chunk of zip) chunks.push(chunk as Buffer)
    const entries = await zipTexts(Buffer.concat(chunks))
    expect([...entries.keys()]).toEqual(contents.map(zipEntryName))
    for (const pdf of entries.values()) expect(pdf.startsWith('%PDF-')).toBe(true)
  })
})

describe('the built worker', () => {
  it('draws each certificate byte for byte as the server\'s own thread does, and hands it over in memory of its own', async () => {
    // The bundle is minified and takes in its packages, less the parts a certificate never uses; the PDFs must not change.
    const signature = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    const contents = [
      content(0),
      content(1),
      { ...content(2), learnerName: 'דוד כהן', issuerName: 'Northshire Fostering Service', outcomes: ['Spot the signs', 'Report it the same day'], signature },
    ]
    const pool = new RenderPool(worker)
    const fonts = await loadCertificateFonts()
    for (const c of contents) {
      const pdf = await pool.render(c)
      expect(pdf.equals(await renderCertificatePdf(c, fonts))).toBe(true)
      // Not a slice of a larger buffer copied across (Node's buffer pool is 64 kB; a certificate about 20 kB).
      expect(pdf.buffer.byteLength).toBe(pdf.length)
    }
  })
})

describe('the built worker, run from anywhere', () => {
  it('finds its fonts beside the built server, with no node_modules in reach (a built server shipped on its own)', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'render-cwd-'))
    const script = `
      import { Worker } from 'node:worker_threads'
      const worker = new Worker(${JSON.stringify(worker)})
      worker.on('message', m => { console.log(m.pdf ? 'PDF ' + Buffer.from(m.pdf).subarray(0, 5) : 'ERROR ' + m.error); process.exit(0) })
      worker.on('error', e => { console.log('ERROR ' + e.message); process.exit(0) })
      const content = ${JSON.stringify(content(3))}
      worker.postMessage({ id: 1, content: { ...content, completedAt: new Date(content.completedAt), issuedAt: new Date(content.issuedAt) } })`
    writeFileSync(join(elsewhere, 'run.mjs'), script)
    const { stdout } = await promisify(execFile)(process.execPath, ['run.mjs'], { cwd: elsewhere })
    expect(stdout.trim()).toBe('PDF %PDF-')
  })
})

/** A stand-in worker: it dies on a learner named "die" and answers any other with a tiny "PDF". */
function dyingWorker() {
  const file = join(mkdtempSync(join(tmpdir(), 'render-pool-')), 'worker.mjs')
  writeFileSync(file, `import { parentPort } from 'node:worker_threads'
parentPort.on('message', ({ id, content }) => {
  if (content.learnerName === 'die') process.exit(3)
  parentPort.postMessage({ id, pdf: new TextEncoder().encode('%PDF-' + content.learnerName) })
})`)
  return file
}

describe('a render pool whose worker dies', () => {
  it('fails the job it was drawing and starts a new worker for the next', async () => {
    const pool = new RenderPool(dyingWorker(), 1)
    await expect(pool.render({ ...content(0), learnerName: 'die' })).rejects.toThrow('exit 3')
    expect((await pool.render({ ...content(1), learnerName: 'after' })).toString()).toBe('%PDF-after')
  })

  it('draws the certificates already waiting behind the one it died on (a zip keeps more in flight than workers)', async () => {
    const pool = new RenderPool(dyingWorker(), 1)
    const results = await Promise.allSettled(['die', 'waiting', 'last'].map(learnerName => pool.render({ ...content(0), learnerName })))
    expect(results.map(r => (r.status === 'fulfilled' ? r.value.toString() : 'failed'))).toEqual(['failed', '%PDF-waiting', '%PDF-last'])
  })
})

describe('a render pool\'s workers', () => {
  it('start without this process\'s start options (a loader such as tsx\'s would be loaded again in each)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'render-pool-')), 'worker.mjs')
    writeFileSync(file, `import { parentPort } from 'node:worker_threads'
parentPort.on('message', ({ id }) => parentPort.postMessage({ id, pdf: new TextEncoder().encode(JSON.stringify(process.execArgv)) }))`)
    expect((await new RenderPool(file).render(content(0))).toString()).toBe('[]')
  })
})
