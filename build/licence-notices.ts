import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The licence notices of third-party packages, for the parts of the build that ship their code without their own
 * files: the bundles (minifying drops the notices their files carried) and the server's traced node_modules (Nitro
 * copies only the files the server loads). Their licences (MIT, ISC, BSD, Apache) ask for the notice to go with
 * every copy.
 */

/** A package's files that carry its licence or notices: LICENSE, LICENCE, NOTICE, COPYING (any case, any ending). */
const NOTICE_FILE = /^(licen[cs]e|notice|copying)/i

/** The installed package folder a bundled file came from (the innermost node_modules/<name>), if it came from one. */
export function packageDirOf(file: string): string | undefined {
  const dir = file.replace(/^\0/, '').replace(/\?.*$/, '').match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1]
  // node_modules/.cache, .vite and the like are build folders, not packages.
  return dir && !/node_modules\/\.[^/]+$/.test(dir) ? dir : undefined
}

/** The names of a package folder's licence and notice files. */
export function noticeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter(e => e.isFile() && NOTICE_FILE.test(e.name)).map(e => e.name).sort()
}

interface PackageJson { name: string, version: string, license?: string | { type?: string }, licenses?: { type?: string }[] }

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
}

/** The licence a package.json declares: `license`, or the older `license: { type }` and `licenses: [{ type }]`. */
function declaredLicence({ license, licenses }: PackageJson): string | undefined {
  if (typeof license === 'string') return license
  return license?.type ?? (licenses?.map(l => l.type).filter(Boolean).join(' OR ') || undefined)
}

/**
 * Licences whose whole text is the same for every package that uses them, kept in build/licence-texts. Apache-2.0
 * asks that a copy of the licence itself go with the code, and drizzle-orm ships without one. (MIT and the like
 * name each package's own copyright holders, so their text cannot be filled in for a package that left it out.)
 */
const STANDARD_TEXTS = new Set(['Apache-2.0'])
const standardText = (licence: string) => readFileSync(fileURLToPath(new URL(`./licence-texts/${licence}.txt`, import.meta.url)), 'utf8').trim()

/**
 * One text with an entry per package folder, sorted by name: its name, version and declared licence, then the text
 * of its licence and notice files, or, for a package that has none, a line saying so.
 */
export function licenceNotices(packageDirs: Iterable<string>): string {
  // Keyed by name and version: npm may install the same version in two folders.
  const entries = new Map<string, string>()
  for (const dir of packageDirs) {
    const pkg = readPackageJson(dir)
    const licence = declaredLicence(pkg)
    const files = noticeFiles(dir)
    const text = files.length
      ? files.map(f => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n')
      : licence && STANDARD_TEXTS.has(licence)
        ? `Licence: ${licence} (no licence file in the package; the licence's standard text follows).\n\n${standardText(licence)}`
        : `Licence: ${licence ?? 'not stated'} (no licence file in the package).`
    entries.set(`${pkg.name} ${pkg.version}`, `${pkg.name} ${pkg.version} (${licence ?? 'licence not stated'})\n\n${text}\n`)
  }
  return [...entries.keys()].sort().map(key => entries.get(key)).join(`\n${'-'.repeat(72)}\n\n`)
}
