import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { CertificateFonts } from './certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from './certificate-pdf'

/** Where the build puts the bundled worker: beside the built server (see build/certificate-worker.ts). */
export const RENDER_WORKER_FILE = 'workers/certificate-render.mjs'

/** The built worker beside the running server, if there is one (not in development or unit tests). */
export function findRenderWorker(): string | null {
  const file = process.argv[1] ? resolve(dirname(process.argv[1]), RENDER_WORKER_FILE) : ''
  return file && existsSync(file) ? file : null
}

/**
 * Each worker's heap. A render leaves a few megabytes of short-lived garbage; with V8's default young
 * generation (tens of MB per thread) a zip of hundreds grew the process by hundreds of MB. A small young
 * generation is swept more often, which costs little for garbage this short-lived; the old generation's cap
 * is far above what the fonts and code need, and a worker that passed it would be replaced (its job fails).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 }

/** Each worker holds about 60 MiB once it has drawn a few hundred certificates: a large server stops at four. */
const MAX_WORKERS = 4

interface Job { id: number, content: CertificateContent, resolve: (pdf: Buffer) => void, reject: (error: Error) => void }

/**
 * Worker threads rendering certificate PDFs, started on first use and kept for later zips (unref'd, so they
 * never hold the process open). A job goes to whichever worker is free; the rest wait in order. A worker that
 * dies fails its job and is replaced on the next one.
 *
 * One worker per core but one: the server's own thread, which writes the zip and answers everyone
 * else, keeps a core. On the 2-core server that is one worker, and a second did not make a zip of 500 faster
 * while each costs about 30 MiB to start and 30 more once it has drawn a few hundred certificates
 * (docs/measured.md, issue 23).
 */
export class RenderPool {
  readonly size: number
  private idle: Worker[] = []
  private busy = new Map<Worker, Job>()
  private waiting: Job[] = []
  private nextId = 0

  constructor(private file: string, size = Math.min(availableParallelism() - 1, MAX_WORKERS)) {
    this.size = Math.max(1, size)
  }

  render(content: CertificateContent): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, content, resolve, reject })
      this.dispatch()
    })
  }

  private dispatch() {
    while (this.waiting.length) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.start() : null)
      if (!worker) return
      const job = this.waiting.shift()!
      this.busy.set(worker, job)
      worker.postMessage({ id: job.id, content: job.content })
    }
  }

  private start(): Worker {
    // The worker runs its bundle and nothing else: none of this process's start options, so a loader this
    // process was started with (tsx's, in the bench and scripts) is not loaded again in every worker.
    const worker = new Worker(this.file, { resourceLimits: WORKER_LIMITS, execArgv: [] })
    worker.unref()
    worker.on('message', (message: { id: number, pdf?: Uint8Array, error?: string }) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      this.idle.push(worker)
      if (job) {
        if (message.pdf) job.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength))
        else job.reject(new Error(message.error ?? 'The certificate could not be drawn.'))
      }
      this.dispatch()
    })
    const lost = (error: Error) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      this.idle = this.idle.filter(w => w !== worker)
      job?.reject(error)
      this.dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', code => lost(new Error(`The certificate renderer stopped (exit ${code}).`)))
    return worker
  }
}

let shared: RenderPool | null | undefined

/**
 * Renders certificates for a zip: in the worker pool when the server was built with it, else (development,
 * tests run from source) in this thread. `concurrency` is how many to keep in flight: one more than the
 * workers, so each has its next certificate waiting while its last one is added to the zip.
 */
export function certificateRenderer(fonts: CertificateFonts, workerFile = findRenderWorker()) {
  if (shared === undefined || (workerFile && !shared)) shared = workerFile ? new RenderPool(workerFile) : null
  const pool = shared
  return pool
    ? { concurrency: pool.size + 1, render: (content: CertificateContent) => pool.render(content) }
    : { concurrency: 1, render: (content: CertificateContent) => renderCertificatePdf(content, fonts) }
}
