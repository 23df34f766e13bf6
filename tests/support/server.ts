import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

/** A TCP port nothing on 127.0.0.1 is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

export interface RunningServer {
  url: string
  process: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

/**
 * The integration and browser tests pay on the test checkout and move the test clock, which only a test build has
 * (`npm run build:test`; a plain `npm run build` leaves them out). Says so plainly instead of failing test by test.
 */
export async function assertTestBuild(server: RunningServer) {
  if ((await fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/test/clock`)).status === 404) {
    await server.stop()
    throw new Error('The built server in .output has no test tools (test checkout, test clock): run `npm run build:test` first.')
  }
}

/** Starts the built server (`npm run build:test` first) the way production runs it, with test settings. */
export async function startBuiltServer(env: Record<string, string>, host = 'localhost'): Promise<RunningServer> {
  if (!existsSync('.output/server/index.mjs')) throw new Error('No built server: run `npm run build` first (`npm run build:test` for the integration and browser tests).')
  const port = env.PORT ? Number(env.PORT) : await freePort()
  let log = ''
  // BENCH_SERVER_NODE_ARGS passes flags to the server's Node, e.g. "--cpu-prof" to profile it under the bench's load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, '.output/server/index.mjs'], {
    env: { ...process.env, NUXT_APP_ENV: 'test', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => { log += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { log += d.toString() })
  const url = `http://${host}:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited with ${child.exitCode}:\n${log}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`)
      if (res.status === 200) break
    }
    catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`Server did not become healthy within 60 s:\n${log}`)
    await new Promise(r => setTimeout(r, 250))
  }
  return {
    url,
    process: child,
    output: () => log,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 5000).unref()
    }),
  }
}
