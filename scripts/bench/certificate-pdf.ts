/**
 * How long one certificate PDF takes, and a zip of many, rendered in this process exactly as the server does
 * (same fonts, same renderer, same zip writer). Part of `npm run bench` (50 PDFs; the zip of 500 only with
 * BENCH_CERT_ZIP=500, as it takes a minute or more), and runnable alone: `npx tsx --tsconfig scripts/tsconfig.json scripts/bench/certificate-pdf.ts`
 * with options --renders 50 (PDFs timed one by one), --zip 500 (certificates in the zip; 0 to skip).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { generateCertificateCode } from '../../shared/certificate-code'
import { loadCertificateFonts } from '../../server/services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../../server/services/certificates/certificate-pdf'
import { RENDER_WORKER_FILE } from '../../server/services/certificates/certificate-render-pool'
import { certificatesZip } from '../../server/services/certificates/certificate-zip'
import { type Benchmark, type BenchRow, kb, ms, quantile } from './context'

// A mix of the names the certificates must handle: accents, apostrophes, right-to-left scripts, long names.
const NAMES = ['Sam Carer', 'Zoë O\'Brien-Łukasiewicz', 'محمد عبد الله', 'דוד כהן', 'Siobhán Ní Bhriain', 'Maximilian Alexander Bartholomew Fitzgerald-Montgomery de la Cruz']

function content(i: number): CertificateContent {
  const code = generateCertificateCode()
  return {
    learnerName: NAMES[i % NAMES.length]!,
    courseTitle: 'Children Missing from Care',
    completedAt: new Date(Date.UTC(2026, 2, 1 + (i % 28), 14)),
    issuedAt: new Date(Date.UTC(2026, 2, 1 + (i % 28), 14)),
    cpdMinutes: 90,
    code,
    verifyUrl: `https://learning.example.org/verify/${code}`,
  }
}

async function measure(renders: number, zipSize: number): Promise<BenchRow[]> {
  const fonts = await loadCertificateFonts()
  await renderCertificatePdf(content(0), fonts) // warm-up: module loading and first-use compilation are not per-PDF costs

  // Wall-clock time depends on what else the machine runs; CPU time per PDF is the steadier figure on a shared machine.
  const cpuBefore = process.cpuUsage()
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < renders; i++) {
    const start = performance.now()
    const pdf = await renderCertificatePdf(content(i), fonts)
    times.push(performance.now() - start)
    bytes += pdf.length
  }
  const cpu = process.cpuUsage(cpuBefore)
  const rows: BenchRow[] = [
    { measure: `one PDF, ${renders} renders: median`, value: ms(quantile(times, 0.5)) },
    { measure: `one PDF, ${renders} renders: p95`, value: ms(quantile(times, 0.95)) },
    { measure: `one PDF: CPU time each (mean)`, value: ms((cpu.user + cpu.system) / 1000 / renders) },
    { measure: `one PDF: size (mean)`, value: kb(bytes / renders) },
  ]

  if (zipSize > 0) {
    let zipBytes = 0
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { zipBytes += chunk.length; done() } })
    const start = performance.now()
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss) }, 50)
    // The built server's worker pool when there is a build (as the server renders a zip), else in this thread.
    const worker = resolve('.output/server', RENDER_WORKER_FILE)
    await pipeline(certificatesZip(Array.from({ length: zipSize }, (_, i) => content(i)), fonts, existsSync(worker) ? worker : undefined), sink)
    clearInterval(sampler)
    const seconds = (performance.now() - start) / 1000
    rows.push(
      { measure: `zip of ${zipSize} certificates: time`, value: `${seconds.toFixed(1)} s (${(zipSize / seconds).toFixed(1)} PDFs/s)` },
      { measure: `zip of ${zipSize} certificates: size`, value: `${(zipBytes / 1024 / 1024).toFixed(1)} MiB` },
      { measure: `zip of ${zipSize} certificates: memory growth`, value: `${Math.round((rssPeak - rssBefore) / 1024 / 1024)} MiB` },
    )
  }
  return rows
  }

  export const certificatePdf: Benchmark = {
    name: 'certificate PDF',
    run: () => measure(50, Number(process.env.BENCH_CERT_ZIP ?? 0)),
  }

  if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const { values } = parseArgs({ options: { renders: { type: 'string', default: '50' }, zip: { type: 'string', default: '500' } } })
    for (const row of await measure(Number(values.renders), Number(values.zip))) console.info(`${row.measure}: ${row.value}`)
    // Run alone, something of the render pool's (a worker's message port) can keep Node waiting after the figures.
    process.exit(0)
  }
