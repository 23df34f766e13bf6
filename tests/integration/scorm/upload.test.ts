import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { Client, signedInClient, testSql } from '../helpers/client'
import { getAddressedTo, learnerWithSeat, packageCount, uploadZip } from '../helpers/scorm'
import { signContentToken } from '../../../server/domain/scorm/scorm-content-token'
import { golfZip, manifest12, zipOf } from '../../support/scorm-fixtures'
import { signedInAdmin } from '../helpers/admin'

const MANIFEST_12 = manifest12('Tiny', 70)

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

/** Launches a package as a learner and returns where its frame and files are, on the content origin. */
async function launchAs(learner: Client, packageId: string) {
  const res = await learner.post(`/api/scorm/packages/${packageId}/launch`)
  expect(res.status).toBe(200)
  const frameUrl = new URL(res.json.launchUrl as string)
  const token = frameUrl.pathname.split('/').pop()!
  return { frameUrl: frameUrl.href, contentOrigin: res.json.contentOrigin as string, token, files: `${frameUrl.origin}/scorm/content/${packageId}/${token}` }
}

describe('serving package files', () => {
  it('serves a launch\'s files only on the content origin, at the signed address, sandboxed, with no cookies', async () => {
    const { client: admin } = await signedInAdmin()
    const id = (await uploadZip(admin, await golfZip())).json.package.id
    const { client: learner } = await learnerWithSeat()
    const { frameUrl, contentOrigin, token, files } = await launchAs(learner, id)
    const appOrigin = new URL(learner.baseUrl).origin
    expect(contentOrigin).toMatch(/^http:\/\/scorm-content\.localhost:\d+$/)
    expect(frameUrl).toBe(`${contentOrigin}/scorm/frame/${id}/${token}?app=${encodeURIComponent(appOrigin)}`)
    // The embedded default answers on localhost and 127.0.0.1: both may frame a package, nothing else may.
    const port = new URL(appOrigin).port

    const expectContentHeaders = (headers: IncomingHttpHeaders) => {
      expect(headers['content-security-policy']).toBe(`sandbox allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads; frame-ancestors http://localhost:${port} http://127.0.0.1:${port} ${contentOrigin}`)
      expect(headers['x-content-type-options']).toBe('nosniff')
      expect(headers['referrer-policy']).toBe('no-referrer')
      expect(headers['set-cookie']).toBeUndefined()
    }
    // The frame: the SCORM API stand-in, told the site's exact origin, and the package's launch file below it.
    const frame = await getAddressedTo(learner, frameUrl)
    expect(frame.status).toBe(200)
    expectContentHeaders(frame.headers)
    expect(frame.body).toContain(`"appOrigin":"${appOrigin}"`)
    expect(frame.body).toContain(`"src":"/scorm/content/${id}/${token}/shared/launchpage.html"`)
    // Asked to talk to any other origin, the frame still talks only to the site.
    const foreign = await getAddressedTo(learner, frameUrl.replace(/\?app=.*$/, `?app=${encodeURIComponent('http://evil.example')}`))
    expect(foreign.status).toBe(200)
    expect(foreign.body).not.toContain('evil.example')

    // A session cookie sent to the content origin anyway is neither read nor answered with one.
    const launchFile = await getAddressedTo(learner, `${files}/shared/launchpage.html`, { cookie: true })
    expect(launchFile.status).toBe(200)
    expect(launchFile.headers['content-type']).toMatch(/^text\/html/)
    expectContentHeaders(launchFile.headers)
    expect(launchFile.body).toContain('scormfunctions.js')
    expect((await getAddressedTo(learner, `${files}/shared/style.css`)).headers['content-type']).toMatch(/^text\/css/)
    expect((await getAddressedTo(learner, `${files}/Playing/par.jpg`)).headers['content-type']).toBe('image/jpeg')
    expect((await getAddressedTo(learner, `${files}/shared/nothing-here.html`)).status).toBe(404)

    // The same addresses on the site's own origin are refused, even with the learner's session.
    expect((await getAddressedTo(learner, `${appOrigin}${new URL(files).pathname}/shared/launchpage.html`, { cookie: true })).status).toBe(404)
    expect((await getAddressedTo(learner, `${appOrigin}${new URL(frameUrl).pathname}`, { cookie: true })).status).toBe(404)
    // And the content origin is not the site: no API, no pages (a package asking its own origin gets nothing).
    const me = await getAddressedTo(learner, `${contentOrigin}/api/auth/me`, { cookie: true })
    expect(me.status).toBe(404)
    expect(me.headers['content-type']).toBe('application/json')
    expect(me.body).not.toContain('<html')
    expect(me.headers['set-cookie']).toBeUndefined()
    expect((await getAddressedTo(learner, `${contentOrigin}/`, { cookie: true })).status).toBe(404)
    expect((await getAddressedTo(learner, `${contentOrigin}/api/health`)).status).toBe(200)

    // Sent byte for byte (fetch would tidy the dots away before they reached the server).
    for (const traversal of [
      '/../../../package.json',
      '/shared/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/..%2F..%2F..%2F..%2Fpackage.json',
      '/shared%5C..%5C..%5Cpackage.json',
      '/%2Fetc%2Fpasswd',
    ]) {
      const res = await getAddressedTo(learner, contentOrigin, { path: `${new URL(files).pathname}${traversal}` })
      expect(res.status, traversal).toBe(404)
      expect(res.body, traversal).not.toContain('"dependencies"')
    }
    expect((await getAddressedTo(learner, `${contentOrigin}/scorm/content/not-a-uuid/${token}/shared/launchpage.html`)).status).toBe(404)
  })

  it('refuses a missing, forged, foreign or expired signature with 403', async () => {
    const { client: admin } = await signedInAdmin()
    const id = (await uploadZip(admin, await golfZip())).json.package.id
    const other = (await uploadZip(admin, await golfZip())).json.package.id
    const { client: learner } = await learnerWithSeat()
    const { contentOrigin, token } = await launchAs(learner, id)
    const fileAt = (t: string) => `${contentOrigin}/scorm/content/${id}/${t}/shared/launchpage.html`
    const secret = inject('scormContentSecret')
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000)

    expect((await getAddressedTo(learner, `${contentOrigin}/scorm/content/${id}/shared/launchpage.html`)).status).toBe(403)
    const [expires, signature] = token.split('.')
    const flipped = `${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`
    expect((await getAddressedTo(learner, fileAt(`${expires}.${flipped}`))).status).toBe(403)
    expect((await getAddressedTo(learner, fileAt(`${Number(expires) + 3600}.${signature}`))).status).toBe(403)
    expect((await getAddressedTo(learner, fileAt(signContentToken(secret, other, new Date(), 3600)))).status).toBe(403)
    expect((await getAddressedTo(learner, fileAt(signContentToken('not-the-secret', id, new Date(), 3600)))).status).toBe(403)
    expect((await getAddressedTo(learner, fileAt(signContentToken(secret, id, hoursAgo(3), 60)))).status).toBe(403)
    expect((await getAddressedTo(learner, `${contentOrigin}/scorm/frame/${id}/${signContentToken(secret, id, hoursAgo(3), 60)}`)).status).toBe(403)
    // The same signature, still in date, opens the file.
    expect((await getAddressedTo(learner, fileAt(signContentToken(secret, id, new Date(), 60)))).status).toBe(200)
  })

  it('takes a launch\'s last commit from the package frame at its signed exit address, and nowhere else', async () => {
    const { client: admin } = await signedInAdmin()
    const id = (await uploadZip(admin, await golfZip())).json.package.id
    const { client: learner } = await learnerWithSeat()
    const launched = await learner.post(`/api/scorm/packages/${id}/launch`)
    const { attemptId, launch, exitUrl } = launched.json as { attemptId: string, launch: number, exitUrl: string }
    expect(exitUrl).toMatch(new RegExp(`^${launched.json.contentOrigin}/scorm/commit/${attemptId}/${launch}/`))
    const last = { launch, seq: 500000001, values: { 'cmi.location': '7', 'cmi.exit': 'suspend' }, terminate: true }

    // Not on the site's origin, not with another signature, not for another launch.
    expect((await getAddressedTo(learner, `${new URL(learner.baseUrl).origin}${new URL(exitUrl).pathname}`, { body: last })).status).toBe(404)
    expect((await getAddressedTo(learner, `${exitUrl.slice(0, -1)}${exitUrl.endsWith('A') ? 'B' : 'A'}`, { body: last })).status).toBe(403)
    expect((await getAddressedTo(learner, exitUrl, { body: { ...last, launch: launch + 1 } })).status).toBe(403)
    const res = await getAddressedTo(learner, exitUrl, { body: last })
    expect(res.status).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    const [row] = await testSql()`select last_exit, terminated_at, cmi->>'cmi.location' as location from scorm_attempts where id = ${attemptId}`
    expect(row).toMatchObject({ last_exit: 'suspend', location: '7', terminated_at: expect.any(Date) })
  })

  it('hands out addresses only to learners with access, and none for an archived package', async () => {
    const { client: admin } = await signedInAdmin()
    const id = (await uploadZip(admin, await golfZip())).json.package.id
    expect((await new Client().post(`/api/scorm/packages/${id}/launch`)).status).toBe(401)
    const { client: seatless } = await signedInClient('seatless-scorm')
    expect((await seatless.post(`/api/scorm/packages/${id}/launch`)).status).toBe(403)
    const { client: learner } = await learnerWithSeat()
    expect((await admin.post(`/api/admin/scorm/packages/${id}/archive`, { archived: true })).status).toBe(200)
    const list = await learner.get('/api/scorm/packages')
    expect(list.json.packages.map((p: { id: string }) => p.id)).not.toContain(id)
    expect((await learner.post(`/api/scorm/packages/${id}/launch`)).status).toBe(404)
    const adminList = await admin.get('/api/admin/scorm/packages')
    expect(adminList.json.packages.map((p: { id: string }) => p.id)).toContain(id)
  })
})
