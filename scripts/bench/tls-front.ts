import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createSecureServer } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Headers of one HTTP/1.1 connection, which HTTP/2 does not allow. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

/**
 * A TLS front speaking HTTP/2 to the browser and HTTP/1.1 to the app, for the bench only: what a load balancer in
 * front of the instances does (docs/deploy.md), so Lighthouse can also measure a page as learners receive it. Over
 * HTTP/1.1 a browser opens at most six connections to a site and each file waits its turn on one; over HTTP/2 all
 * files share one connection. The certificate is a throwaway one made with `openssl` for 127.0.0.1 (the browser
 * is told to accept it).
 */
export async function startTlsFront(upstream: string): Promise<{ url: string, close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    const [key, cert] = [readFileSync(join(dir, 'key.pem')), readFileSync(join(dir, 'cert.pem'))]
    const target = new URL(upstream)
    const agent = new Agent({ keepAlive: true, maxSockets: 64 })
    const server = createSecureServer({ key, cert }, (req, res) => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith(':') && !HOP_BY_HOP.has(name)))
      headers.host = req.headers[':authority'] ?? target.host
      const forwarded = request({ agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name))))
        answer.pipe(res)
      })
      forwarded.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end())
      req.pipe(forwarded)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    return { url, close: () => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()) }) }
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
