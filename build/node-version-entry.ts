import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The oldest Node major the built server runs on: package.json's `engines.node` (">=24"). */
export async function neededNodeMajor(packageJsonPath: string): Promise<number> {
  const range = (JSON.parse(await readFile(packageJsonPath, 'utf8')) as { engines?: { node?: string } }).engines?.node ?? ''
  const major = Number(range.match(/^>=\s*(\d+)/)?.[1])
  if (!major) throw new Error(`package.json engines.node should read ">=N" (found "${range}")`)
  return major
}

/**
 * Puts a version check in front of the built server. On an older Node the server would start and then fail on
 * every content query (`node:sqlite` is missing), so `.output/server/index.mjs` becomes a small entry that
 * refuses such a Node in one line, before any of the server is loaded, and otherwise imports the real entry
 * (Nitro's, renamed `main.mjs` in the same folder so its relative imports still resolve).
 */
export async function guardServerEntry(serverDir: string, needed: number) {
  const entry = join(serverDir, 'index.mjs')
  const main = join(serverDir, 'main.mjs')
  await rename(entry, main)
  const map = await readFile(`${entry}.map`).catch(() => undefined)
  if (map) {
    await rename(`${entry}.map`, `${main}.map`)
    const code = await readFile(main, 'utf8')
    await writeFile(main, code.replace(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/, '//# sourceMappingURL=main.mjs.map\n'))
  }
  await writeFile(entry, `// Written by nuxt.config.ts (build/node-version-entry.ts): refuse an unsupported Node before loading the server.
const needed = ${needed}
const found = process.versions.node
if (Number(found.split('.')[0]) < needed) {
  console.error(\`This server needs Node \${needed} or newer but was started with Node \${found}: run it with \\\`npm start\\\`, which uses the project's pinned Node \${needed}.\`)
  process.exit(1)
}
await import('./main.mjs')
`)
}
