import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { Client, signedInClient } from '../helpers/client'
import { learnerWithSeat, packageCount, uploadZip } from '../helpers/scorm'
import { golfZip, manifest12, zipOf } from '../../support/scorm-fixtures'
import { signedInAdmin } from '../helpers/admin'

const MANIFEST_12 = manifest12('Tiny', 70)

/** A GET whose path goes to the server exactly as written. */
function rawGet(client: Client, path: string): Promise<{ status: number, body: string }> {
  const url = new URL(client.baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { cookie: `__Host-session=${client.sessionToken}` } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => { body += c.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('uploading a SCORM package', () => {
  it('stores the golf sample as it is, with what its manifest says', async () => {
    const { client } = await signedInAdmin()
    const res = await uploadZip(client, await golfZip())
    expect(res.status).toBe(201)
    expect(res.json.package).toMatchObject({ title: 'Golf Explained - Run-time Advanced Calls', version: '2004', schemaVersion: '2004 3rd Edition', launchPath: 'shared/launchpage.html', masteryScaled: 0.8 })
    const list = await client.get('/api/admin/scorm/packages')
    expect(list.json.packages.find((p: { id: string }) => p.id === res.json.package.id)).toMatchObject({ learners: 0, fileCount: expect.any(Number) })
  })

  it('accepts a small SCORM 1.2 package and reads its mastery score', async () => {
    const { client } = await signedInAdmin()
    const res = await uploadZip(client, await zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: '<p>hi</p>' }]))
    expect(res.status).toBe(201)
    expect(res.json.package).toMatchObject({ version: '1.2', masteryScaled: 0.7, title: 'Tiny' })
  })

  it.each<[string, () => Promise<Buffer>, number, RegExp]>([
    ['a zip without a manifest', () => zipOf([{ name: 'index.html', data: '<p>hi</p>' }]), 422, /no imsmanifest\.xml/],
    ['the manifest in a subfolder', () => golfZip('golf/'), 422, /inside the folder "golf\/"/],
    ['a path traversal entry', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: 'x' }, { name: '../../evil.html', data: 'x' }]), 422, /climb out/],
    ['an absolute path', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: 'x' }, { name: '/tmp/evil.html', data: 'x' }]), 422, /absolute path/],
    ['a backslash path', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: 'x' }, { name: '..\\evil.html', data: 'x' }]), 422, /backslash/],
    ['a symbolic link', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: '/etc/passwd', mode: 0o120777 }]), 422, /symbolic link/],
    ['a zip bomb', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }, { name: 'index.html', data: Buffer.alloc(60 * 1024 * 1024) }]), 422, /zip bomb/],
    ['a file that is not a zip', async () => Buffer.from('This is plain text, not a zip archive at all.'), 422, /not a zip/],
    ['a manifest that is not XML', () => zipOf([{ name: 'imsmanifest.xml', data: 'not xml <' }, { name: 'index.html', data: 'x' }]), 422, /well-formed/],
    ['a launch file missing from the zip', () => zipOf([{ name: 'imsmanifest.xml', data: MANIFEST_12 }]), 422, /launches "index\.html", which is not in the zip/],
    ['an oversized upload', async () => randomBytes(6 * 1024 * 1024), 413, /upload limit/],
  ])('refuses %s with a clear message and stores nothing', async (_name, make, status, message) => {
    const { client } = await signedInAdmin()
    const before = await packageCount()
    const res = await uploadZip(client, await make())
    expect(res.status).toBe(status)
    expect(res.json.message).toMatch(message)
    expect(await packageCount()).toBe(before)
  })

  it('is for admins only', async () => {
    const zip = await golfZip()
    expect((await uploadZip(new Client(), zip)).status).toBe(401)
    const { client } = await learnerWithSeat()
    expect((await uploadZip(client, zip)).status).toBe(403)
    expect((await client.get('/api/admin/scorm/packages')).status).toBe(403)
  })
})

describe('serving package files', () => {
  it('serves files same-origin to learners with access only, with framing limited to this site', async () => {
    const { client: admin } = await signedInAdmin()
    const { json } = await uploadZip(admin, await golfZip())
    const id = json.package.id
    const path = `/scorm/content/${id}/shared/launchpage.html`

    const { client: learner } = await learnerWithSeat()
    const ok = await learner.get(path)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/)
    expect(ok.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(ok.headers.get('content-security-policy')).toBe('frame-ancestors \'self\'')
    expect(ok.text).toContain('scormfunctions.js')
    expect((await learner.get(`/scorm/content/${id}/shared/style.css`)).headers.get('content-type')).toMatch(/^text\/css/)
    expect((await learner.get(`/scorm/content/${id}/Playing/par.jpg`)).headers.get('content-type')).toBe('image/jpeg')

    expect((await new Client().get(path)).status).toBe(401)
    const { client: seatless } = await signedInClient('seatless-scorm')
    expect((await seatless.get(path)).status).toBe(403)
    expect((await learner.get(`/scorm/content/${id}/shared/nothing-here.html`)).status).toBe(404)
    // Sent byte for byte (fetch would tidy the dots away before they reached the server).
    for (const traversal of [
      `/scorm/content/${id}/../../../package.json`,
      `/scorm/content/${id}/shared/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json`,
      `/scorm/content/${id}/..%2F..%2F..%2F..%2Fpackage.json`,
      `/scorm/content/${id}/shared%5C..%5C..%5Cpackage.json`,
      `/scorm/content/${id}/%2Fetc%2Fpasswd`,
    ]) {
      const res = await rawGet(learner, traversal)
      expect(res.status, traversal).toBe(404)
      expect(res.body, traversal).not.toContain('"dependencies"')
    }
    expect((await learner.get(`/scorm/content/not-a-uuid/shared/launchpage.html`)).status).toBe(404)
  })

  it('hides an archived package from learners and keeps it for admins', async () => {
    const { client: admin } = await signedInAdmin()
    const { json } = await uploadZip(admin, await golfZip())
    const id = json.package.id
    const { client: learner } = await learnerWithSeat()
    expect((await admin.post(`/api/admin/scorm/packages/${id}/archive`, { archived: true })).status).toBe(200)
    const list = await learner.get('/api/scorm/packages')
    expect(list.json.packages.map((p: { id: string }) => p.id)).not.toContain(id)
    expect((await learner.get(`/scorm/content/${id}/shared/launchpage.html`)).status).toBe(404)
    expect((await learner.post(`/api/scorm/packages/${id}/launch`)).status).toBe(404)
    expect((await admin.get(`/scorm/content/${id}/shared/launchpage.html`)).status).toBe(200)
  })
})
