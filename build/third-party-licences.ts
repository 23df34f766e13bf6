import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'
import { licenceNotices, noticeFiles, packageDirOf, readPackageJson } from './licence-notices'

/** Where the browser's notices are served: a plain text file at the site's root (linked from the footer). */
const CLIENT_NOTICES_FILE = 'third-party-licences.txt'

export interface ThirdPartyLicencesOptions {
  /** Packages whose files another build step copies into the server (the certificate fonts, in nuxt.config.ts). */
  alsoShipped?: string[]
}

/**
 * The licence notices of the third-party code a production build ships, which their licences ask to go with it.
 *
 * - Browser: the client bundles are minified, which drops the notices their packages' files carried. A plugin in the
 *   client build collects the package of every module the bundler put into a chunk (and of every file it emitted as
 *   an asset) and writes their notices to `/third-party-licences.txt` (`.output/public/`).
 * - Server: its code is bundled twice (Vite's server build of the app, then Nitro's bundle, which takes that in with
 *   the server routes and packages such as h3 and radix3), and Nitro copies into `.output/server/node_modules/` only
 *   the files of each package the server loads at run time, so no licence file goes with them. The same plugin runs
 *   in both bundles; once Nitro is done, each package folder in `node_modules/` gets the licence and notice files of
 *   the package it was copied from, and `.output/server/THIRD-PARTY-LICENSES.txt` lists every package whose code is in
 *   the server, bundled or copied, with its licence text.
 *
 * (The certificate worker, bundled on its own, writes its notices beside it: build/certificate-worker.ts.)
 */
export default defineNuxtModule<ThirdPartyLicencesOptions>({
  meta: { name: 'third-party-licences', configKey: 'thirdPartyLicences' },
  defaults: { alsoShipped: [] },
  setup(options, nuxt) {
    // Its own public folder, so Nitro serves (and compresses) it like any other public file, at the site's root
    // rather than under /_nuxt/, whose files are cached for a year under names that change with their content.
    const publicDir = join(nuxt.options.buildDir, 'third-party-licences')
    nuxt.hook('nitro:config', (config) => {
      const { publicAssets } = config as { publicAssets?: { dir: string }[] }
      Object.assign(config, { publicAssets: [...publicAssets ?? [], { dir: publicDir }] })
    })
    if (nuxt.options.dev) {
      // No bundles in development: the footer's link says where the notices come from rather than "page not found".
      mkdirSync(publicDir, { recursive: true })
      writeFileSync(join(publicDir, CLIENT_NOTICES_FILE), 'The licence notices of the software in this site are written by a production build (npm run build).\n')
      return
    }
    const rootDir = nuxt.options.rootDir
    const require = createRequire(join(rootDir, 'package.json'))
    const packageDirs = packageDirsOf(rootDir, require)
    addVitePlugin(packagesInBundle(packageDirs, (dirs) => {
      mkdirSync(publicDir, { recursive: true })
      writeFileSync(join(publicDir, CLIENT_NOTICES_FILE), licenceNotices(dirs))
    }), { server: false })
    const serverBundled = new Set<string>()
    const addServerBundled = (dirs: string[]) => dirs.forEach(dir => serverBundled.add(dir))
    addVitePlugin(packagesInBundle(packageDirs, addServerBundled), { client: false })
    nuxt.hook('nitro:init', (nitro) => {
      // Typed here for the same reason as below: Nuxt's fallback type for Nitro does not know this hook.
      nitro.hooks.hook('rollup:before', (_nitro: unknown, config: { plugins?: unknown }) => {
        config.plugins = [...[config.plugins ?? []].flat(), packagesInBundle(packageDirs, addServerBundled)]
      })
      nitro.hooks.hook('compiled', () => {
        const alsoShipped = (options.alsoShipped ?? []).map(name => dirname(require.resolve(`${name}/package.json`)))
        // The folders Nitro resolves packages from. Read so because Nuxt's fallback type for Nitro's options (used
        // when type-checking) does not list them.
        const { nodeModulesDirs } = nitro.options as { nodeModulesDirs?: string[] }
        serverNotices(nitro.options.output.serverDir, nodeModulesDirs ?? [join(rootDir, 'node_modules')], [...serverBundled, ...alsoShipped])
      })
    })
  },
})

/**
 * Modules with no file of their own, and the packages whose code they hold: the build tools' helpers that the bundler
 * writes into the chunks (module preloading, its chunk runtime, the export helper of single-file components), and
 * @nuxt/icon's bundle of the icons the pages use, made from the installed Iconify collections.
 */
const GENERATED_MODULES: [RegExp, (rootDir: string) => string[]][] = [
  [/^\0vite\//, () => ['vite']],
  [/^\0rolldown\//, () => ['rolldown']],
  [/^\0plugin-vue:/, () => ['@vitejs/plugin-vue']],
  [/nuxt-icon-(client|server)-bundle/, rootDir => readdirSync(join(rootDir, 'node_modules/@iconify-json')).map(name => `@iconify-json/${name}`)],
]

/** The installed package folders a bundled module's code came from. */
function packageDirsOf(rootDir: string, require: NodeJS.Require): (id: string) => string[] {
  return (id) => {
    const generated = GENERATED_MODULES.find(([pattern]) => pattern.test(id))?.[1]
    if (generated) return generated(rootDir).map(name => dirname(require.resolve(`${name}/package.json`)))
    const dir = packageDirOf(id)
    return dir ? [dir] : []
  }
}

/**
 * A bundler plugin (Vite's client and server builds, Nitro's Rollup): the packages whose code is in the chunks and
 * assets it writes. A chunk's moduleIds are the modules whose code is in it (the bundler leaves out those it shook off
 * entirely); an asset's originalFileNames, the files it was emitted from.
 */
function packagesInBundle(packageDirs: (id: string) => string[], found: (dirs: string[]) => void): Plugin {
  return {
    name: 'third-party-licences',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sources = Object.values(bundle).flatMap(output => output.type === 'chunk' ? output.moduleIds : output.originalFileNames ?? [])
      found(sources.flatMap(packageDirs))
    },
  }
}

/**
 * The package folders Nitro wrote under the built server's node_modules: `<name>` and `@scope/<name>`, and
 * `.nitro/<name>@<version>` (or `.nitro/@scope/<name>@<version>`) for a package it needed in several versions. Every
 * other entry there is a link to one of these.
 */
function tracedPackageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return []
  return readdirSync(nodeModules, { withFileTypes: true }).filter(e => e.isDirectory())
    .flatMap(e => /^[@.]/.test(e.name) ? tracedPackageDirs(join(nodeModules, e.name)) : [join(nodeModules, e.name)])
}

/** Every installed copy of each package under the given node_modules folders, nested ones included: name → folders. */
function installedPackages(nodeModulesDirs: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>()
  // Nitro's list holds the project's node_modules more than once, and folders inside it.
  const walked = new Set<string>()
  const walk = (nodeModules: string) => {
    if (walked.has(nodeModules) || !existsSync(nodeModules)) return
    walked.add(nodeModules)
    for (const entry of readdirSync(nodeModules)) {
      if (entry.startsWith('.')) continue
      const names = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map(n => `${entry}/${n}`) : [entry]
      for (const name of names) {
        const dir = join(nodeModules, name)
        found.set(name, [...found.get(name) ?? [], dir])
        walk(join(dir, 'node_modules'))
      }
    }
  }
  for (const dir of nodeModulesDirs) walk(resolve(dir))
  return found
}

/**
 * Copies each traced package's licence and notice files from the installed package it came from (the copy of the
 * same name and version) into its folder in the built server, then writes the summary of every package in the server:
 * those copied and those bundled. Only npm's layout of node_modules is searched (the project installs with npm): a
 * traced package not found there is named in a warning and listed in the summary with the licence it declares.
 */
function serverNotices(serverDir: string, nodeModulesDirs: string[], bundled: string[]) {
  const traced = tracedPackageDirs(join(serverDir, 'node_modules'))
  const installed = installedPackages(nodeModulesDirs)
  for (const dir of traced) {
    const { name, version } = readPackageJson(dir)
    const source = installed.get(name)?.find(d => existsSync(join(d, 'package.json')) && readPackageJson(d).version === version)
    if (!source) {
      console.warn(`third-party-licences: ${name}@${version} is in the built server but not in ${nodeModulesDirs.join(', ')}, so its licence files could not be copied.`)
      continue
    }
    for (const file of noticeFiles(source)) copyFileSync(join(source, file), join(dir, file))
  }
  writeFileSync(join(serverDir, 'THIRD-PARTY-LICENSES.txt'), licenceNotices([...traced, ...bundled]))
}
