/**
 * How long one certificate PDF takes, and a zip of many, rendered in this process exactly as the server does
 * (same fonts, same renderer, same zip writer). A tool, not a test: `npx tsx scripts/bench/certificate-pdf.ts`.
 * Options: --renders 50 (PDFs timed one by one), --zip 500 (certificates in the zip; 0 to skip).
 */
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { generateCertificateCode } from '../../shared/certificate-code'
import { loadCertificateFonts } from '../../server/services/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../../server/services/certificate-pdf'
import { certificatesZip } from '../../server/services/certificate-zip'

const { values } = parseArgs({ options: { renders: { type: 'string', default: '50' }, zip: { type: 'string', default: '500' } } })
const renders = Number(values.renders)
const zipSize = Number(values.zip)

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

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

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
times.sort((a, b) => a - b)
console.log(`certificate PDF: ${renders} renders, median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000 / renders).toFixed(1)} ms each, mean size ${Math.round(bytes / renders / 1024)} KiB`)

if (zipSize > 0) {
  let zipBytes = 0
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { zipBytes += chunk.length; done() } })
  const start = performance.now()
  const rssBefore = process.memoryUsage().rss
  let rssPeak = rssBefore
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss) }, 50)
  await pipeline(certificatesZip(Array.from({ length: zipSize }, (_, i) => content(i)), fonts), sink)
  clearInterval(sampler)
  const seconds = (performance.now() - start) / 1000
  console.log(`zip of ${zipSize} certificates: ${seconds.toFixed(1)} s (${(zipSize / seconds).toFixed(1)} PDFs/s), ${(zipBytes / 1024 / 1024).toFixed(1)} MiB, memory growth ${Math.round((rssPeak - rssBefore) / 1024 / 1024)} MiB`)
}
