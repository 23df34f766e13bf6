import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import yazl from 'yazl'

/** Real third-party SCORM material and the official schemas, kept in the repository (see its README for licences). */
export const SCORM_FIXTURES = fileURLToPath(new URL('../fixtures/scorm', import.meta.url))
export const GOLF_DIR = join(SCORM_FIXTURES, 'golf-2004-advanced-runtime')
/** Our own package that attacks whoever opens it (see the fixtures README). */
export const HOSTILE_DIR = join(SCORM_FIXTURES, 'hostile-1.2')
export const SCHEMAS = { '1.2': join(SCORM_FIXTURES, 'schemas/scorm12'), '2004': join(SCORM_FIXTURES, 'schemas/scorm2004-3rd') } as const

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

export interface ZipEntrySpec {
  name: string
  data: Buffer | string
  /** Unix mode bits, e.g. 0o120777 for a symbolic link. */
  mode?: number
  compress?: boolean
}

/**
 * A zip of exactly these entries. yazl refuses unsafe names (`..`, absolute paths, backslashes), so such a
 * name is written as a same-length placeholder and patched into the finished bytes, as an attacker would.
 */
export async function zipOf(entries: ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  const patches: [Buffer, Buffer][] = []
  entries.forEach((e, i) => {
    const safe = !/(^|\/)\.\.(\/|$)|^\/|\\|^[a-z]:/i.test(e.name)
    const placeholder = safe ? e.name : `${`Q${i}`.padEnd(e.name.length, 'Q')}`
    if (!safe) patches.push([Buffer.from(placeholder), Buffer.from(e.name)])
    zip.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data), placeholder, { mode: e.mode, compress: e.compress ?? true })
  })
  zip.end()
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.once('error', reject)
    zip.outputStream.once('end', () => resolve(Buffer.concat(chunks)))
  })
  for (const [from, to] of patches) {
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at)
  }
  return bytes
}

/**
 * A fixture folder zipped with its contents at the root (as the fixtures README says), or under a prefix.
 * `fill` replaces placeholders (`__NAME__`) in text files with what only the running test knows.
 */
export function folderZip(dir: string, options: { prefix?: string, fill?: Record<string, string> } = {}): Promise<Buffer> {
  const fill = (name: string, data: Buffer) => {
    if (!options.fill || !/\.(html|js|xml)$/.test(name)) return data
    let text = data.toString('utf8')
    for (const [key, value] of Object.entries(options.fill)) text = text.replaceAll(`__${key}__`, value)
    return Buffer.from(text)
  }
  return zipOf(listFiles(dir).map(full => ({ name: (options.prefix ?? '') + relative(dir, full).split('\\').join('/'), data: fill(full, readFileSync(full)) })))
}

/** The golf package, zipped as it is. */
export function golfZip(prefix = ''): Promise<Buffer> {
  return folderZip(GOLF_DIR, { prefix })
}

/** The smallest SCORM 1.2 manifest: one SCO launching index.html, with a mastery score. */
export function manifest12(title: string, masteryScore: number) {
  return `<?xml version="1.0"?>
<manifest identifier="tiny" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>${title}</title>
    <item identifier="i" identifierref="r"><title>${title}</title><adlcp:masteryscore>${masteryScore}</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`
}
