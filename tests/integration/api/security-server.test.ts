import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { generateCertificateCode } from '../../../shared/certificate-code'
import { startBuiltServer, type RunningServer } from '../../support/server'

// Issue 18 findings that need a server of their own: its memory measured, its settings lowered, its start refused.
// Test mode on the embedded database, as a developer's machine would run it but with NUXT_APP_ENV=test, and
// without trusting X-Forwarded-For (every request here comes from 127.0.0.1, as it would without a proxy).

let server: RunningServer
beforeAll(async () => {
  server = await startBuiltServer({
    DATABASE_URL: '',
    NUXT_PGLITE_DIR: 'memory://',
    NUXT_TRUST_PROXY: 'false',
    NUXT_CERTIFICATE_LOOKUPS_PER_MINUTE: '2',
    NUXT_SIGN_IN_GLOBAL_FAILURES: '3',
    NUXT_SIGN_IN_CLIENT_FAILURES: '100',
  }, '127.0.0.1')
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

const rssKb = () => Number(readFileSync(`/proc/${server.process.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1])

function postChunked(path: string, totalBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': server.url } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    const chunk = Buffer.alloc(256 * 1024, 'a')
    let sent = 0
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end()
    }
    req.write('{"email":"')
    pump()
  })
}

const signIn = (email: string, password: string) => fetch(`${server.url}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'origin': server.url },
  body: JSON.stringify({ email, password }),
})

describe('a server of its own', () => {
  it('refuses to start with an unknown NUXT_APP_ENV', async () => {
    await expect(startBuiltServer({ NUXT_APP_ENV: 'staging', DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://' })).rejects.toThrow(/NUXT_APP_ENV is "staging"/)
  })

  it('seeds no demo accounts outside development', async () => {
    expect(server.output()).not.toMatch(/Demo accounts/)
    expect((await signIn('admin@demo.local', 'demo-admin-password')).status).toBe(401)
  })

  it('answers a 20 MB chunked sign-in body with 413 without its memory growing by more than a few MB', async () => {
    await postChunked('/api/auth/sign-in', 256 * 1024) // warm the route up
    const before = rssKb()
    expect(await postChunked('/api/auth/sign-in', 20 * 1024 * 1024)).toBe(413)
    const grownMb = (rssKb() - before) / 1024
    expect(grownMb).toBeLessThan(8)
  })

  it('counts the certificate check page\'s lookups against the visitor, not a shared "unknown" bucket', async () => {
    // Fixed one-minute windows on the wall clock: wait, if need be, until at least 10 s of one are left, so all
    // the requests below fall in it.
    await vi.waitFor(() => expect(Date.now() % 60_000).toBeLessThan(50_000), { timeout: 15_000, interval: 250 })
    const code = generateCertificateCode()
    const api = () => fetch(`${server.url}/api/certificates/${code}`)
    expect((await api()).status).toBe(404)
    expect((await api()).status).toBe(404)
    expect((await api()).status).toBe(429)
    // The page asks the same API in-process: it must count as this visitor, who is over the limit.
    const page = await fetch(`${server.url}/verify/${code}`)
    expect(page.status).toBe(429)
  }, 90_000)

  it('pauses sign-in for everyone once wrong passwords from everywhere pass the global limit', async () => {
    // The limit is 3 wrong passwords in 15 minutes; the demo check above may have used one of them.
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await signIn(`nobody${i}@example.org`, 'a wrong password')).status)
    expect(statuses.filter(s => s === 401).length).toBeGreaterThanOrEqual(2)
    const paused = await signIn('someone.else@example.org', 'any password at all')
    expect(paused.status).toBe(429)
    expect(((await paused.json()) as { message: string }).message).toMatch(/paused/)
  })
})
