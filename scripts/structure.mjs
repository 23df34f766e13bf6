#!/usr/bin/env node
/**
 * The shape of the code, for the before/after of issue 22: folders and file counts, the largest files, and the
 * import arrows between layers (with the ones the layering forbids marked), plus import cycles.
 *
 *   node scripts/structure.mjs              # the working tree's tracked files, in the repository
 *   node scripts/structure.mjs --ref HEAD~6 # any commit (reads it through git; nothing is checked out)
 *   --repo DIR   run against another repository;   --top N   how many largest files (15)
 *
 * Arrows are read from import/export-from/import()/vi.mock specifiers (relative, ~~/, ~/, @@/, #shared/).
 * Nitro's and Nuxt's auto-imports (server/utils in handlers, composables in pages) have no import line and so
 * do not show. Plain Node >= 20, no dependencies.
 */
import { execFileSync } from 'node:child_process'
import { posix } from 'node:path'

const args = process.argv.slice(2)
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const ref = opt('--ref', null)
const top = Number(opt('--top', 15))
const git = (...a) => execFileSync('git', a, { cwd: opt('--repo', process.cwd()), encoding: 'utf8', maxBuffer: 1 << 28 })

const SOURCE = /\.(ts|mts|mjs|js|vue)$/
const SKIP = /^(content|drizzle|node_modules|\.output|\.nuxt|\.data|public)\/|\.d\.ts$|(^|\/)(package-lock\.json)$/
const all = (ref ? git('ls-tree', '-r', '--name-only', '-z', ref) : git('ls-files', '-z')).split('\0').filter(Boolean)
const files = all.filter(f => SOURCE.test(f) && !SKIP.test(f))
const fileSet = new Set(files)
let texts
if (ref) {
  // One `git cat-file --batch` for every file, instead of one process each.
  const out = execFileSync('git', ['cat-file', '--batch'], { cwd: opt('--repo', process.cwd()), input: files.map(f => `${ref}:${f}`).join('\n') + '\n', maxBuffer: 1 << 28 })
  texts = new Map()
  let at = 0
  for (const f of files) {
    const nl = out.indexOf(10, at)
    const size = Number(out.subarray(at, nl).toString().split(' ')[2])
    texts.set(f, out.subarray(nl + 1, nl + 1 + size).toString('utf8'))
    at = nl + 1 + size + 1
  }
}
else {
  const { readFileSync, existsSync } = await import('node:fs')
  const root = git('rev-parse', '--show-toplevel').trim()
  texts = new Map(files.filter(f => existsSync(`${root}/${f}`)).map(f => [f, readFileSync(`${root}/${f}`, 'utf8')]))
}

// ---- Layers ----
const LAYERS = [
  ['server/api', /^server\/(api|routes)\//], ['server/middleware', /^server\/middleware\//], ['server/plugins', /^server\/plugins\//],
  ['server/utils', /^server\/utils\//], ['server/services', /^server\/services\//], ['server/domain', /^server\/domain\//],
  ['server/db', /^server\/db\//], ['server/workers', /^server\/workers\//],
  ['shared', /^shared\//], ['app', /^(pages|components|composables|layouts|plugins|middleware|stores|app|utils|types)\/|^app\.vue$|^error\.vue$/],
  ['tests', /^tests\//], ['scripts', /^(scripts|build)\//], ['config', /^[^/]+$/],
]
const layerOf = f => LAYERS.find(([, re]) => re.test(f))?.[0] ?? 'other'
// Arrows the layering forbids: the browser reaching into the server; request glue and business code reaching the wrong way.
const FORBIDDEN = {
  'app': ['server/api', 'server/utils', 'server/services', 'server/domain', 'server/db', 'server/plugins', 'server/middleware'],
  'shared': ['server/api', 'server/utils', 'server/services', 'server/domain', 'server/db', 'app'],
  'server/domain': ['server/api', 'server/utils', 'server/services', 'server/db', 'server/plugins', 'server/middleware'],
  'server/services': ['server/api', 'server/utils', 'server/plugins', 'server/middleware'],
  'server/utils': ['server/api', 'server/services'],
  'server/db': ['server/api', 'server/utils', 'server/services', 'server/domain'],
}

// ---- Imports ----
const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*|\bvi\.importActual\(\s*)(['"])([^'"]+)\1/g
function resolveSpec(from, spec) {
  let p
  if (spec.startsWith('.')) p = posix.join(posix.dirname(from), spec)
  else if (/^(~~|~|@@|@)\//.test(spec)) p = spec.replace(/^(~~|~|@@|@)\//, '')
  else if (spec.startsWith('#shared/')) p = `shared/${spec.slice(8)}`
  else return null
  p = posix.normalize(p)
  for (const ext of ['', '.ts', '.mts', '.js', '.mjs', '.vue', '/index.ts']) if (fileSet.has(p + ext)) return p + ext
  return null
}
const edges = new Map() // file -> Set(file)
for (const [f, text] of texts) {
  const to = new Set()
  for (const m of text.matchAll(SPEC)) {
    const target = resolveSpec(f, m[2])
    if (target && target !== f) to.add(target)
  }
  edges.set(f, to)
}

// ---- Print ----
const pad = (s, n) => String(s).padEnd(n)
const lines = t => t.split('\n').length - (t.endsWith('\n') ? 1 : 0)
console.log(`# Structure of ${ref ?? 'the working tree'} (${files.length} source files outside content/)\n`)

console.log('## Folders (source files; lines)')
const folders = new Map()
for (const f of texts.keys()) {
  const parts = f.split('/')
  const depth = /^server\/(services|domain)\//.test(f) ? 3 : /^(server|shared|tests)\//.test(f) ? 2 : 1
  const key = parts.length > depth ? parts.slice(0, depth).join('/') + '/' : (parts.length > 1 ? parts.slice(0, -1).join('/') + '/' : '(root)')
  const e = folders.get(key) ?? { n: 0, l: 0 }
  e.n++; e.l += lines(texts.get(f)); folders.set(key, e)
}
for (const [k, e] of [...folders].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${pad(k, 44)} ${pad(e.n, 5)} ${e.l}`)
for (const dir of ['server/services', 'server/domain']) {
  const flat = [...texts.keys()].filter(f => f.startsWith(`${dir}/`) && f.split('/').length === 3).length
  const sub = new Set([...texts.keys()].filter(f => f.startsWith(`${dir}/`) && f.split('/').length > 3).map(f => f.split('/')[2]))
  console.log(`  ${dir}: ${flat} files at top level, ${sub.size} feature folders${sub.size ? ` (${[...sub].join(', ')})` : ''}`)
}

console.log(`\n## Largest files (lines), top ${top}`)
for (const [f, t] of [...texts].map(([f, t]) => [f, lines(t)]).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pad(t, 6)} ${f}`)

console.log('\n## Import arrows between layers (files importing -> imported; "!!" = against the layering)')
const arrows = new Map()
for (const [f, to] of edges) {
  for (const t of to) {
    const a = layerOf(f), b = layerOf(t)
    if (a === b) continue
    const key = `${a} -> ${b}`
    const e = arrows.get(key) ?? { n: 0, examples: new Set(), bad: FORBIDDEN[a]?.includes(b) }
    e.n++; if (e.examples.size < 3) e.examples.add(`${f} -> ${t}`); arrows.set(key, e)
  }
}
const order = LAYERS.map(([n]) => n)
const sorted = [...arrows].sort(([a], [b]) => {
  const [a1, a2] = a.split(' -> '), [b1, b2] = b.split(' -> ')
  return order.indexOf(a1) - order.indexOf(b1) || order.indexOf(a2) - order.indexOf(b2)
})
for (const [k, e] of sorted) {
  if (/^(tests|scripts|config) ->/.test(k)) continue
  console.log(`  ${e.bad ? '!!' : '  '} ${pad(k, 36)} ${pad(e.n, 4)}${e.bad ? `  e.g. ${[...e.examples].join('; ')}` : ''}`)
}
const bad = sorted.filter(([, e]) => e.bad).reduce((s, [, e]) => s + e.n, 0)
console.log(`  (tests, scripts and config import from every layer: not listed.) Against the layering: ${bad} imports.`)

// Cross-feature arrows inside services/domain, once they are in folders.
const featureOf = f => f.match(/^server\/(services|domain)\/([^/]+)\/[^/]+$/)?.[2]
const cross = new Map()
for (const [f, to] of edges) {
  const a = featureOf(f)
  if (!a) continue
  for (const t of to) {
    const b = featureOf(t)
    if (b && b !== a) cross.set(`${a} -> ${b}`, (cross.get(`${a} -> ${b}`) ?? 0) + 1)
  }
}
if (cross.size) {
  console.log('\n## Between feature folders (services and domain together)')
  for (const [k, n] of [...cross].sort((x, y) => y[1] - x[1])) console.log(`     ${pad(k, 48)} ${n}`)
}

// ---- Cycles (strongly connected components of more than one file) ----
let index = 0
const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = []
function strong(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v)
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))) }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
  }
  if (low.get(v) === idx.get(v)) {
    const c = []
    let w
    do { w = stack.pop(); on.delete(w); c.push(w) } while (w !== v)
    if (c.length > 1) sccs.push(c)
  }
}
for (const v of edges.keys()) if (!idx.has(v)) strong(v)
console.log(`\n## Import cycles: ${sccs.length}`)
for (const c of sccs) console.log(`  ${c.sort().join(' <-> ')}`)
