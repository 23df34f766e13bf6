import { readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { learnerWithSeat, uploadZip } from '../helpers/scorm'
import { SCHEMAS } from '../../support/scorm-fixtures'
import { zipTexts } from '../../support/unzip'
import { signedInAdmin } from '../helpers/admin'

async function download(version: '1.2' | '2004') {
  const { client } = await signedInAdmin()
  const res = await fetch(`${client.baseUrl}/api/admin/scorm/export/${version}`, { headers: { cookie: `__Host-session=${client.sessionToken}` } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/zip')
  expect(res.headers.get('content-disposition')).toContain(`scorm-${version}.zip`)
  return { client, zip: Buffer.from(await res.arrayBuffer()) }
}

/**
 * libxml2's schema check (xmllint compiled to WebAssembly) against the official schemas in tests/fixtures/scorm.
 * The schema files go into its in-memory file system so the imports in validate-all.xsd resolve as on disk (none
 * of the imports reaches a subfolder); a schema that fails to compile rejects the promise and fails the test.
 * xmllint-wasm stays on 4.x: the libxml2 in 5.x refuses the official IMS metadata 1.2.1 schema that SCORM 1.2
 * imports ("content model is not determinist"), which Debian's xmllint and 4.x accept.
 */
async function validateManifest(version: '1.2' | '2004', manifest: string) {
  const dir = SCHEMAS[version]
  const schemaFiles = readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isFile() && entry.name !== 'validate-all.xsd')
    .map(entry => ({ fileName: entry.name, contents: readFileSync(join(dir, entry.name), 'utf8') }))
  const result = await validateXML({
    xml: { fileName: 'imsmanifest.xml', contents: manifest },
    schema: { fileName: 'validate-all.xsd', contents: readFileSync(join(dir, 'validate-all.xsd'), 'utf8') },
    preload: schemaFiles,
  })
  return { valid: result.valid, errors: result.errors.map(e => e.rawMessage) }
}

describe.each(['1.2', '2004'] as const)('the course exported as SCORM %s', (version) => {
  it('has a manifest that validates against the official schemas, with the pass mark in it', async () => {
    const { zip } = await download(version)
    const files = await zipTexts(zip)
    const manifest = files.get('imsmanifest.xml')!
    expect(await validateManifest(version, manifest)).toEqual({ valid: true, errors: [] })
    expect(manifest).toContain(version === '1.2' ? '<adlcp:masteryscore>80</adlcp:masteryscore>' : '<imsss:minNormalizedMeasure>0.80</imsss:minNormalizedMeasure>')
    // Every file in the zip is listed in the manifest, and every listed file is in the zip.
    const listed = [...manifest.matchAll(/<file href="([^"]+)"/g)].map(m => m[1])
    expect(new Set(listed)).toEqual(new Set([...files.keys()].filter(f => f !== 'imsmanifest.xml')))
    expect(files.get('sections/s1-why-this-matters.html')).toContain('<h2 id="welcome">Welcome</h2>')
    expect(files.get('sections/s1-why-this-matters.html')).toContain('data-quiz="qz-s1"')
    expect(files.get('assessment.html')).toContain('data-assessment')
    expect(files.get('index.html')).toContain('"passMark":80')
    // Every script and stylesheet a page names is in the package, at the path the page names it by.
    for (const [path, text] of files) {
      if (!path.endsWith('.html')) continue
      const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : ''
      for (const [, ref] of text.matchAll(/(?:src|href)="([^"#:]+\.(?:js|css))"/g)) {
        const resolved = posix.normalize(`${folder}${ref}`)
        expect(files.has(resolved), `${path} names ${ref}`).toBe(true)
      }
    }
  })

  it('loads back into this platform\'s own player', async () => {
    const { client, zip } = await download(version)
    const res = await uploadZip(client, zip)
    expect(res.status).toBe(201)
    expect(res.json.package).toMatchObject({ version, title: 'Children Missing from Care', launchPath: 'index.html', masteryScaled: 0.8 })
  })
})

describe('export', () => {
  it('is for admins only', async () => {
    const { client } = await learnerWithSeat()
    expect((await client.get('/api/admin/scorm/export/2004')).status).toBe(403)
    const { client: admin } = await signedInAdmin()
    expect((await admin.get('/api/admin/scorm/export/3')).status).toBe(404)
  })

  it('fails the schema check on a broken manifest (so the check above means something)', async () => {
    const broken = await validateManifest('2004', '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="x"><organizations/></manifest>')
    expect(broken.valid).toBe(false)
    expect(broken.errors.join('\n')).toMatch(/resources/)
  })
})
