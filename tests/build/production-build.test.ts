import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * A plain `npm run build` (what production ships) carries none of the development and test tools: no test checkout
 * or test invoice pages, no /dev/mailbox, no /api/test or /api/dev routes, no demo accounts (build/test-tools.ts).
 * Run after `npm run build`; `npm run build:test` output (which has them) fails it on purpose.
 */
const OUTPUT = '.output'

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && /\.(m?js)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map(e => join(e.parentPath, e.name))
}

// Quoted, so a comment that mentions a path ("The /dev/mailbox page ...") is not code that serves it.
const DEV_ONLY = [
  { what: 'the /api/test routes', pattern: /["'`]\/api\/test\// },
  { what: 'the dev mailbox API', pattern: /["'`]\/api\/dev\/mailbox/ },
  { what: 'the dev mailbox page', pattern: /["'`]\/dev\/mailbox["'`]/ },
  { what: 'the test checkout', pattern: /["'`]\/(api\/)?checkout\/test\// },
  { what: 'the test invoice page', pattern: /["'`]\/(api\/)?invoices\/test\// },
  { what: 'the test gateways\' Stripe events', pattern: /evt_test_local_/ },
  { what: 'the demo accounts', pattern: /Demo accounts created|demo-admin-password/ },
]

/** The entries of a notices file (build/licence-notices.ts): "name version (licence)", then its text. */
function noticeEntries(file: string): Map<string, { licence: string, text: string }> {
  const entries = new Map<string, { licence: string, text: string }>()
  for (const entry of readFileSync(file, 'utf8').split(/\n-{72}\n\n/)) {
    const [, name, version, licence, text] = entry.match(/^(\S+) (\S+) \((.+)\)\n\n([\s\S]*)$/) ?? []
    if (name) entries.set(`${name}@${version}`, { licence: licence!, text: text! })
  }
  return entries
}

const LICENCE_FILE = /^(licen[cs]e|notice|copying)/i
const hasLicenceFile = (dir: string) => readdirSync(dir).some(f => LICENCE_FILE.test(f) && lstatSync(join(dir, f)).isFile())
const packageJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string, version: string }

/** The package folders in the built server's node_modules, in scopes and in `.nitro` too (links excluded: they point at these). */
function serverPackageDirs(dir = join(OUTPUT, 'server/node_modules')): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory())
    .flatMap(e => /^[@.]/.test(e.name) ? serverPackageDirs(join(dir, e.name)) : [join(dir, e.name)])
}

/**
 * Whether an installed copy of the package in the project's node_modules (hoisted, or nested one level) has a licence
 * file. Copies elsewhere are not looked for, so this catches a build that copies none, not every single miss.
 */
function installedHasLicenceFile(id: string): boolean {
  const name = id.slice(0, id.lastIndexOf('@'))
  const candidates = [join('node_modules', name), ...readdirSync('node_modules').map(d => join('node_modules', d, 'node_modules', name))]
  return candidates.some(dir => existsSync(join(dir, 'package.json')) && `${packageJson(dir).name}@${packageJson(dir).version}` === id && hasLicenceFile(dir))
}

describe('a production build', () => {
  it('exists (run `npm run build` first)', () => {
    expect(existsSync(join(OUTPUT, 'server/index.mjs')), 'No built server in .output: run `npm run build` first.').toBe(true)
  })

  it('serves the ordinary routes and pages (so the searches below look in the right place)', () => {
    const server = codeFiles(join(OUTPUT, 'server')).map(f => readFileSync(f, 'utf8')).join('\n')
    const client = codeFiles(join(OUTPUT, 'public/_nuxt')).map(f => readFileSync(f, 'utf8')).join('\n')
    expect(server).toMatch(/["'`]\/api\/health["'`]/)
    expect(server).toMatch(/["'`]\/api\/checkout\/sessions["'`]/)
    expect(client).toMatch(/["'`]\/checkout\/success["'`]/)
  })

  it.each(DEV_ONLY)('does not contain $what', ({ pattern }) => {
    const found = [...codeFiles(join(OUTPUT, 'server')), ...codeFiles(join(OUTPUT, 'public'))]
      .filter(f => pattern.test(readFileSync(f, 'utf8')))
    expect(found, 'Is this a test build? The check is for `npm run build` output.').toEqual([])
  })

  it('ships the certificate worker with the licences of the packages bundled into it (minifying drops their notices)', () => {
    const notices = readFileSync(join(OUTPUT, 'server/workers/THIRD-PARTY-LICENSES.txt'), 'utf8')
    for (const name of ['pdfkit', 'fontkit', 'qrcode', 'restructure']) expect(notices).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(MIT\\)$`, 'm'))
    expect(notices).toContain('Permission is hereby granted, free of charge')
  })

  it('ships the licence of every package the server loads from node_modules (Nitro copies only the files it needs)', () => {
    const packages = serverPackageDirs().map(dir => ({ dir, id: `${packageJson(dir).name}@${packageJson(dir).version}` }))
    expect(packages.length, 'Nitro traced no packages: is this the built server?').toBeGreaterThan(50)
    const summary = noticeEntries(join(OUTPUT, 'server/THIRD-PARTY-LICENSES.txt'))
    for (const { dir, id } of packages) {
      // Every package is in the summary, with its licence text or, when it has none, its declared licence.
      expect(summary.get(id)?.text, `${id} in server/THIRD-PARTY-LICENSES.txt`).toMatch(/\S/)
      // And its folder carries its licence file, unless the installed package has none either.
      if (!hasLicenceFile(dir)) {
        expect(installedHasLicenceFile(id), `${dir} has no licence file, but the installed ${id} has one`).toBe(false)
        expect(summary.get(id)?.text, id).toMatch(/no licence file in the package/)
      }
    }
    // Apache-2.0 asks for a copy of the licence itself to go with the code; drizzle-orm ships without one.
    const drizzle = [...summary].find(([id]) => id.startsWith('drizzle-orm@'))
    expect(drizzle?.[1].text, 'drizzle-orm in server/THIRD-PARTY-LICENSES.txt').toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION')
  })

  it('serves the licences of the packages in the browser\'s scripts, as their minified code carries none', () => {
    const notices = noticeEntries(join(OUTPUT, 'public/third-party-licences.txt'))
    const names = new Set([...notices.keys()].map(id => id.slice(0, id.lastIndexOf('@'))))
    // The packages the bundler's manifest names as sources of scripts (entries and code loaded on demand), which Nuxt
    // keeps in the server to preload them; and packages the site's pages always run in the browser.
    const manifest = readFileSync(join(OUTPUT, 'server/chunks/virtual/precomputed.mjs'), 'utf8')
    const fromManifest = new Set([...manifest.matchAll(/src:"node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map(m => m[1]!))
    expect([...fromManifest], 'the client manifest names scripts from node_modules').toEqual(expect.arrayContaining(['nuxt', 'scorm-again']))
    for (const name of [...fromManifest, '@vue/runtime-core', '@vue/runtime-dom', 'vue-router', 'pinia', 'reka-ui', '@nuxt/ui']) {
      expect(names, name).toContain(name)
    }
    // Vue's code is in its @vue/ packages: the `vue` package itself only passes them on, and the bundler drops it.
    for (const name of ['nuxt', '@vue/runtime-core']) {
      const [, entry] = [...notices].find(([id]) => id.startsWith(`${name}@`)) ?? []
      expect(entry?.licence, name).toBe('MIT')
      expect(entry?.text, name).toContain('Permission is hereby granted, free of charge')
    }
    // Only what is in the browser's code: not the server's packages.
    for (const name of ['postgres', 'drizzle-orm', 'stripe', 'nodemailer']) expect(names, name).not.toContain(name)
    // The icons the pages show are bundled from an Iconify collection (ISC).
    expect(names).toContain('@iconify-json/lucide')
  })

  it('lists every package whose code is bundled into the server, and the certificate fonts with their licence', () => {
    const names = new Set([...noticeEntries(join(OUTPUT, 'server/THIRD-PARTY-LICENSES.txt')).keys()].map(id => id.slice(0, id.lastIndexOf('@'))))
    // Told apart from the notices' own bookkeeping: the server's source maps name the files each bundle was made from.
    const mapped = new Set<string>()
    const maps = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap(e => e.isDirectory() ? (e.name === 'node_modules' ? [] : maps(join(dir, e.name))) : e.name.endsWith('.map') ? [join(dir, e.name)] : [])
    for (const map of maps(join(OUTPUT, 'server'))) {
      for (const source of (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources) {
        const name = resolve(dirname(map), source).match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1]
        if (name && !name.startsWith('.')) mapped.add(name)
      }
    }
    expect([...mapped], 'the server bundles are made from packages such as h3 and radix3').toEqual(expect.arrayContaining(['h3', 'radix3']))
    for (const name of [...mapped, '@iconify-json/lucide']) expect(names, name).toContain(name)
    // The fonts certificates are drawn with are copied beside the server, each family with its licence.
    for (const family of readdirSync(join(OUTPUT, 'server/fonts'))) {
      expect(readFileSync(join(OUTPUT, 'server/fonts', family, 'LICENSE'), 'utf8'), family).toContain('SIL OPEN FONT LICENSE')
      expect(names, family).toContain(`@fontsource/${family}`)
    }
  })

  it('has no route files for the test and development APIs', () => {
    for (const dir of ['api/test', 'api/dev', 'api/checkout/test', 'api/invoices/test']) {
      expect(existsSync(join(OUTPUT, 'server/chunks/routes', dir)), dir).toBe(false)
    }
  })
})
