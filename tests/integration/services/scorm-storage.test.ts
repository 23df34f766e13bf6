import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStorage, s3Storage, storageFromConfig } from '../../../server/services/scorm/scorm-storage'

/** A tiny S3 stand-in on loopback: objects in a Map, and every request's method, path and headers. */
function fakeS3() {
  const objects = new Map<string, { body: Buffer, type: string }>()
  const requests: { method: string, url: string, headers: IncomingMessage['headers'] }[] = []
  const server = createServer(async (req, res) => {
    requests.push({ method: req.method!, url: req.url!, headers: req.headers })
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const key = decodeURIComponent(req.url!)
    if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=test-key/')) {
      res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>')
      return
    }
    if (req.method === 'PUT') {
      objects.set(key, { body: Buffer.concat(chunks), type: String(req.headers['content-type']) })
      res.writeHead(200).end()
    }
    else if (req.method === 'GET') {
      const o = objects.get(key)
      if (!o) res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>')
      else res.writeHead(200, { 'content-type': o.type, 'content-length': o.body.length }).end(o.body)
    }
    else if (req.method === 'DELETE') {
      objects.delete(key)
      res.writeHead(204).end()
    }
  })
  return { server, objects, requests }
}

describe('S3-compatible package storage (against a local stand-in)', () => {
  const fake = fakeS3()
  let endpoint: string
  beforeAll(async () => {
    await new Promise<void>(resolve => (fake.server as Server).listen(0, '127.0.0.1', resolve))
    const address = fake.server.address()
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  afterAll(() => new Promise<void>(resolve => fake.server.close(() => resolve())))

  it('puts, gets and removes files under the bucket and prefix, with signed requests', async () => {
    const store = s3Storage({ endpoint, bucket: 'packages', region: 'eu-west-2', accessKeyId: 'test-key', secretAccessKey: 'test-secret', prefix: 'scorm' })
    await store.put('pkg1/shared/launch page.html', Buffer.from('<p>hello</p>'), 'text/html')
    expect(fake.objects.has('/packages/scorm/pkg1/shared/launch page.html')).toBe(true)
    const put = fake.requests.find(r => r.method === 'PUT')!
    expect(put.headers['x-amz-content-sha256']).toBeDefined()
    expect(put.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/)
    expect(put.headers.authorization).toContain('/eu-west-2/s3/aws4_request')
    const file = await store.get('pkg1/shared/launch page.html')
    expect(await text(file!.body)).toBe('<p>hello</p>')
    expect(file!.size).toBe(12)
    expect(await store.get('pkg1/missing.html')).toBeNull()
    await store.remove(['pkg1/shared/launch page.html'])
    expect(fake.objects.size).toBe(0)
  })

  it('reports a refused request as an error rather than an empty file', async () => {
    const store = s3Storage({ endpoint, bucket: 'packages', region: 'eu-west-2', accessKeyId: 'wrong-key', secretAccessKey: 'x', prefix: '' })
    await expect(store.put('a/b.html', Buffer.from('x'), 'text/html')).rejects.toThrow(/S3 upload failed: 403/)
  })

  it('is chosen by configuration, and says which settings are missing', () => {
    expect(() => storageFromConfig({ storage: 's3', dir: '', s3Endpoint: endpoint, s3Bucket: '', s3Region: 'x', s3AccessKeyId: '', s3SecretAccessKey: 'y', s3Prefix: '' }))
      .toThrow('NUXT_SCORM_S3_BUCKET, NUXT_SCORM_S3_ACCESS_KEY_ID')
    expect(storageFromConfig({ storage: 'local', dir: tmpdir(), s3Endpoint: '', s3Bucket: '', s3Region: '', s3AccessKeyId: '', s3SecretAccessKey: '', s3Prefix: '' }).kind).toBe('local')
  })
})

describe('local disk package storage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cmfc-local-store-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips files and never reads or writes outside its folder', async () => {
    const store = localStorage(dir)
    await store.put('pkg/a/b.txt', Buffer.from('content'), 'text/plain')
    expect(await text((await store.get('pkg/a/b.txt'))!.body)).toBe('content')
    expect(await store.get('pkg/a')).toBeNull()
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/escapes/)
    await expect(store.put('pkg/../../evil.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow(/escapes/)
    await store.remove(['pkg/a/b.txt'])
    expect(await store.get('pkg/a/b.txt')).toBeNull()
  })
})
