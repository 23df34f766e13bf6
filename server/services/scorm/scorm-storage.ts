/**
 * Where SCORM package files live: a folder on local disk (the default) or an S3-compatible bucket.
 * Keys are `<packageId>/<path inside the package>`; callers check paths before they get here, and the
 * local store checks again that a key cannot leave its folder.
 */
import { createReadStream } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import { AwsClient } from 'aws4fetch'

export interface StoredFile {
  body: Readable
  size: number | null
}

export interface ScormStorage {
  readonly kind: 'local' | 's3'
  put(key: string, body: Buffer, contentType: string): Promise<void>
  get(key: string): Promise<StoredFile | null>
  remove(keys: string[]): Promise<void>
}

export function localStorage(root: string): ScormStorage {
  const base = resolve(root)
  const pathOf = (key: string) => {
    const full = resolve(base, ...key.split('/'))
    if (!full.startsWith(base + sep)) throw new Error(`Storage key escapes the store: ${key}`)
    return full
  }
  return {
    kind: 'local',
    async put(key, body) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, body)
    },
    async get(key) {
      const path = pathOf(key)
      try {
        const info = await stat(path)
        if (!info.isFile()) return null
        return { body: createReadStream(path), size: info.size }
      }
      catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null
        throw error
      }
    },
    async remove(keys) {
      const folders = new Set(keys.map(k => k.split('/')[0]!).filter(Boolean))
      for (const folder of folders) await rm(pathOf(folder), { recursive: true, force: true })
    },
  }
}

export interface S3Settings {
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  prefix: string
}

/** Any S3-compatible store (AWS S3, MinIO, Cloudflare R2, …), addressed path-style and signed with SigV4. */
export function s3Storage(settings: S3Settings): ScormStorage {
  const client = new AwsClient({ accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, region: settings.region, service: 's3' })
  const base = `${settings.endpoint.replace(/\/$/, '')}/${encodeURIComponent(settings.bucket)}`
  const prefix = settings.prefix ? `${settings.prefix.replace(/\/$/, '')}/` : ''
  const urlOf = (key: string) => `${base}/${`${prefix}${key}`.split('/').map(encodeURIComponent).join('/')}`
  const failed = async (what: string, res: Response) => new Error(`S3 ${what} failed: ${res.status} ${(await res.text()).slice(0, 200)}`)
  return {
    kind: 's3',
    async put(key, body, contentType) {
      const res = await client.fetch(urlOf(key), { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': contentType } })
      if (!res.ok) throw await failed('upload', res)
    },
    async get(key) {
      const res = await client.fetch(urlOf(key))
      if (res.status === 404) return null
      if (!res.ok || !res.body) throw await failed('download', res)
      const length = res.headers.get('content-length')
      return { body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), size: length ? Number(length) : null }
    },
    async remove(keys) {
      for (const key of keys) {
        const res = await client.fetch(urlOf(key), { method: 'DELETE' })
        if (!res.ok && res.status !== 404) throw await failed('delete', res)
      }
    },
  }
}

export interface ScormStorageConfig {
  storage: string
  dir: string
  s3Endpoint: string
  s3Bucket: string
  s3Region: string
  s3AccessKeyId: string
  s3SecretAccessKey: string
  s3Prefix: string
}

export function storageFromConfig(config: ScormStorageConfig): ScormStorage {
  if (config.storage === 's3') {
    const missing = (['s3Endpoint', 's3Bucket', 's3AccessKeyId', 's3SecretAccessKey'] as const).filter(k => !config[k])
    if (missing.length) throw new Error(`NUXT_SCORM_STORAGE=s3 needs ${missing.map(k => `NUXT_SCORM_${k.replace(/[A-Z]/g, c => `_${c}`).toUpperCase()}`).join(', ')}`)
    return s3Storage({ endpoint: config.s3Endpoint, bucket: config.s3Bucket, region: config.s3Region, accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey, prefix: config.s3Prefix })
  }
  return localStorage(config.dir)
}
