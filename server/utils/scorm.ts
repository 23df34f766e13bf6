import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { H3Event } from 'h3'
import { z } from 'zod'
import { DomainError } from '../domain/platform/errors'
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../domain/scorm/scorm-zip'
import { storageFromConfig, type ScormStorage } from '../services/scorm/scorm-storage'
import type { CommitResult } from '../services/scorm/scorm-runtime'

let storage: ScormStorage | undefined

/** The configured package store (NUXT_SCORM_STORAGE and friends), made once per process. */
export function useScormStorage(): ScormStorage {
  storage ??= storageFromConfig(useRuntimeConfig().scorm)
  return storage
}

export function scormZipLimits(): ZipLimits {
  const config = useRuntimeConfig().scorm
  const mb = (n: unknown, fallback: number) => Number(n) > 0 ? Number(n) * 1024 * 1024 : fallback
  return {
    ...DEFAULT_ZIP_LIMITS,
    maxUploadBytes: mb(config.maxUploadMb, DEFAULT_ZIP_LIMITS.maxUploadBytes),
    maxTotalBytes: mb(config.maxUnpackedMb, DEFAULT_ZIP_LIMITS.maxTotalBytes),
    maxEntries: Number(config.maxEntries) > 0 ? Number(config.maxEntries) : DEFAULT_ZIP_LIMITS.maxEntries,
  }
}

/**
 * Streams the request body to a temporary file, refusing it (413) as soon as it passes maxBytes, so an
 * oversized upload is never held in memory. `cleanup` removes the file.
 */
export async function receiveUpload(event: H3Event, maxBytes: number) {
  const declared = Number(getHeader(event, 'content-length') ?? 0)
  const tooLarge = () => new DomainError('too_large', `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB upload limit.`, { code: 'scorm_too_large' })
  if (declared > maxBytes) {
    // Read and drop the body, so the client hears the answer instead of a reset connection.
    event.node.req.resume()
    throw tooLarge()
  }
  const dir = await mkdtemp(join(tmpdir(), 'scorm-upload-'))
  const path = join(dir, 'package.zip')
  const cleanup = () => rm(dir, { recursive: true, force: true })
  try {
    const size = await new Promise<number>((resolve, reject) => {
      const out = createWriteStream(path)
      let received = 0
      const req = event.node.req
      req.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received > maxBytes) {
          req.unpipe(out)
          out.destroy()
          req.resume()
          reject(tooLarge())
        }
      })
      req.once('error', reject)
      out.once('error', reject)
      out.once('finish', () => resolve(received))
      req.pipe(out)
    })
    if (size === 0) throw new DomainError('invalid', 'Choose a SCORM zip file to upload.', { code: 'scorm_empty' })
    return { path, size, cleanup }
  }
  catch (error) {
    await cleanup()
    throw error
  }
}

/** A commit from the SCORM runtime (the player page's, or the package frame's last one as the page closes). */
export const scormCommitBody = z.object({
  launch: z.number().int().min(1).max(1_000_000),
  seq: z.number().int().min(1).max(1_000_000_000),
  values: z.record(z.string().max(255), z.union([z.string(), z.number(), z.boolean()])),
  terminate: z.boolean().default(false),
}).strict()

/** Largest commit accepted: a full 2004 record (64,000-character suspend data and many interactions). */
export const MAX_COMMIT_BYTES = 512 * 1024

/** A bad element gets its SCORM error code in a 422 JSON answer (`result: false`). */
export function commitAnswer(event: H3Event, outcome: CommitResult) {
  if (outcome.result) return outcome
  setResponseStatus(event, 422)
  return { result: false, errorCode: outcome.error.code, element: outcome.error.element, message: outcome.error.message }
}
