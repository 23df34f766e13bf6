import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'
import { licenceNotices, noticeFiles, packageDirOf, readPackageJson } from './licence-notices'

/** Where the browser's notices are served: a plain text file at the site's root (linked from the footer). */
const CLIENT_NOTICES_FILE = 'third-party-licences.txt'

/**
 * The licence notices of the third-party code a production build ships, which their licences ask to go with it.
 *
 * - Browser: the client bundles are minified, which drops the notices their packages' files carried. A plugin in the
 *   client build collects the package of every module the bundler put into a chunk (and of every file it emitted as
 *   an asset) and writes their notices to `/third-party-licences.txt` (`.output/public/`).
 * - Server: Nitro copies into `.output/server/node_modules/` only the files of each package the server loads, so no
 *   licence file goes with them. Once it has, each package folder there gets the licence and notice files of the
 *   package it was copied from, and `.output/server/THIRD-PARTY-LICENSES.txt` lists every package with its licence
 *   text: one place to read them all, and the only one for the few packages that ship no licence file.
 *
 * (The certificate worker, bundled on its own, writes its notices beside it: build/certificate-worker.ts.)
 */
export default defineNuxtModule({
  meta: { name: 'third-party-licences' },
  setup(_options, nuxt) {
    if (nuxt.options.dev) return
    // Its own public folder, so Nitro serves (and compresses) it like any other public file, at the site's root
    // rather than under /_nuxt/, whose files are cached for a year under names that change with their content.
    const publicDir = join(nuxt.options.buildDir, 'third-party-licences')
    addVitePlugin(clientNotices(join(publicDir, CLIENT_NOTICES_FILE), nuxt.options.rootDir), { server: false })
    nuxt.hook('nitro:config', (config) => {
      const { publicAssets } = config as { publicAssets?: { dir: string }[] }
      Object.assign(config, { publicAssets: [...publicAssets ?? [], { dir: publicDir }] })
    })
    nuxt.hook('nitro:init', (nitro) => {
      nitro.hooks.hook('compiled', () => {
        // The folders Nitro resolves packages from. Read so because Nuxt's fallback type for Nitro's options (used
        // when type-checking) does not list them.
        const { nodeModulesDirs } = nitro.options as { nodeModulesDirs?: string[] }
        serverNotices(nitro.options.output.serverDir, nodeModulesDirs ?? [join(nuxt.options.rootDir, 'node_modules')])
      })
    })
  },
})

/**
 * The build tools' own helpers that the bundler writes into the chunks (module preloading, its chunk runtime, the
 * export helper of single-file components): modules with no file, so their packages are named here.
 */
const TOOL_HELPERS: [RegExp, string][] = [[/^\0vite\//, 'vite'], [/^\0rolldown\//, 'rolldown'], [/^\0plugin-vue:/, '@vitejs/plugin-vue']]

/** The client build's plugin: the notices of the packages whose code is in its chunks and assets. */
function clientNotices(file: string, rootDir: string): Plugin {
  const require = createRequire(join(rootDir, 'package.json'))
  const packageDir = (id: string) => {
    const tool = TOOL_HELPERS.find(([helper]) => helper.test(id))?.[1]
    return tool ? dirname(require.resolve(`${tool}/package.json`)) : packageDirOf(id)
  }
  return {
    name: 'third-party-licences',
    apply: 'build',
    generateBundle(_options, bundle) {
      // A chunk's moduleIds are the modules whose code is in it (the bundler leaves out those it shook off entirely);
      // an asset's originalFileNames, the files it was emitted from.
      const sources = Object.values(bundle).flatMap(output => output.type === 'chunk' ? output.moduleIds : output.originalFileNames)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, licenceNotices(sources.map(packageDir).filter(dir => dir !== undefined)))
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
 * same name and version) into its folder in the built server, then writes the summary of them all. A traced package
 * whose installed copy cannot be found stops the build: its notices would otherwise be missing without a word.
 */
function serverNotices(serverDir: string, nodeModulesDirs: string[]) {
  const traced = tracedPackageDirs(join(serverDir, 'node_modules'))
  if (!traced.length) return
  const installed = installedPackages(nodeModulesDirs)
  for (const dir of traced) {
    const { name, version } = readPackageJson(dir)
    const source = installed.get(name)?.find(d => existsSync(join(d, 'package.json')) && readPackageJson(d).version === version)
    if (!source) throw new Error(`third-party-licences: ${name}@${version} is in the built server but not in ${nodeModulesDirs.join(', ')}, so its licence cannot be copied.`)
    for (const file of noticeFiles(source)) copyFileSync(join(source, file), join(dir, file))
  }
  writeFileSync(join(serverDir, 'THIRD-PARTY-LICENSES.txt'), licenceNotices(traced))
}
