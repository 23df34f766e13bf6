import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const needed = 24

/**
 * An older Node to start the server with: the machine's own (Node 20 on this machine kind, outside npm's
 * pinned one), else the pinned Node told at start that it is Node 20.0.0, so the check is tried anyway.
 */
function olderNode(): { command: string, args: string[], version: string } {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(dir => dir && !dir.includes('node_modules')).map(dir => join(dir, 'node'))
  for (const candidate of [...new Set([...onPath, '/usr/bin/node', '/usr/local/bin/node'])]) {
    if (!existsSync(candidate)) continue
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim().replace(/^v/, '')
    if (version && Number(version.split('.')[0]) < needed) return { command: candidate, args: [], version }
  }
  const pretend = `Object.defineProperty(process.versions, 'node', { value: '20.0.0' })`
  return { command: process.execPath, args: ['--import', `data:text/javascript,${encodeURIComponent(pretend)}`], version: '20.0.0' }
}

function run(command: string, args: string[]) {
  return new Promise<{ code: number | null, output: string, ms: number }>((resolve, reject) => {
    const started = Date.now()
    const child = spawn(command, args, { env: { ...process.env, PORT: '0', NUXT_APP_ENV: 'test', DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr.on('data', (d: Buffer) => { output += d.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output, ms: Date.now() - started })
    })
  })
}

describe('the built server on an unsupported Node', () => {
  it('exits at once, non-zero, with one line naming the Node found and the one needed', async () => {
    const node = olderNode()
    const { code, output, ms } = await run(node.command, [...node.args, '.output/server/index.mjs'])
    expect(code).not.toBe(0)
    expect(code).not.toBeNull()
    expect(output.trim().split('\n')).toEqual([
      `This server needs Node ${needed} or newer but was started with Node ${node.version}: run it with \`npm start\`, which uses the project's pinned Node ${needed}.`,
    ])
    // Before loading the server: no database, no listening, no content queries.
    expect(ms).toBeLessThan(5_000)
  })
})
