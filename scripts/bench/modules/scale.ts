import { Agent, createServer, request, type Server } from 'node:http'
import type { Benchmark } from '../context'
import { load, loadRows } from '../load'
import { startBuiltServer } from '../../../tests/support/server'
import { LEARNERS, positionBody, SECONDS } from './progress-save'

/**
 * A small round-robin HTTP proxy, for the bench only: each request goes to the next instance in turn, over
 * kept-alive connections, as a load balancer in front of N instances would send it. No sticky sessions.
 */
async function roundRobin(targets: string[]): Promise<{ url: string, close: () => Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const upstreams = targets.map(t => new URL(t))
  let next = 0
  const server: Server = createServer((req, res) => {
    const target = upstreams[next++ % upstreams.length]!
    const forwarded = request({ agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers)
      upstream.pipe(res)
    })
    forwarded.on('error', () => {
      res.writeHead(502).end()
    })
    req.pipe(forwarded)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return { url, close: () => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()) }) }
}

/**
 * `npm run bench -- scale`: the progress load (200 learners saving positions) through the proxy against one
 * instance, then against two on the same database. Both go through the proxy, so its cost is the same in each.
 * The learners send the proxy's address as Host and Origin, as the public address is the load balancer's.
 */
export const scale: Benchmark = {
  name: 'scale',
  async run(ctx) {
    const second = await startBuiltServer({ DATABASE_URL: ctx.databaseUrl }, '127.0.0.1')
    const rows = []
    try {
      const cookies = await ctx.learners('scale', LEARNERS)
      for (const instances of [[ctx.baseUrl], [ctx.baseUrl, second.url]]) {
        const proxy = await roundRobin(instances)
        try {
          const options = { baseUrl: proxy.url, path: '/api/progress/events', method: 'POST' as const, cookies, body: positionBody() }
          await load({ ...options, seconds: 3 })
          rows.push(...loadRows(`${instances.length} instance${instances.length > 1 ? 's' : ''}, ${LEARNERS} learners for ${SECONDS} s`, await load({ ...options, seconds: SECONDS })))
        }
        finally {
          await proxy.close()
        }
      }
    }
    finally {
      await second.stop()
    }
    return rows
  },
}
