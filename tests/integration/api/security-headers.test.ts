import { inject, describe, expect, it } from 'vitest'
import { Client, signedInClient, testSql } from '../helpers/client'

// The header and caching layer (server/domain/platform/security-headers.ts, server/plugins/04.security-headers.ts) on the
// built server. HSTS in production is checked in production-mode.test.ts.

type Headers = globalThis.Headers

function policy(headers: Headers): Map<string, string> {
  const value = headers.get('content-security-policy') ?? ''
  return new Map(value.split(';').map(d => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]))
}

function expectCommonHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  expect(headers.get('permissions-policy')).toMatch(/camera=\(\)/)
  // The integration server runs in test mode, over plain HTTP.
  expect(headers.get('strict-transport-security')).toBeNull()
}

function expectRefusalHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('cache-control')).toBe('no-store')
  expect(policy(headers).get('frame-ancestors')).toBe(`'none'`)
  expect(headers.get('strict-transport-security')).toBeNull()
}

/** Every <script> tag in the page carries the nonce its Content-Security-Policy names, and the page has some. */
function expectScriptsNonced(html: string, headers: Headers) {
  const nonce = policy(headers).get('script-src')?.match(/'nonce-([^']+)'/)?.[1]
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  const tags = html.match(/<script\b[^>]*>/gi) ?? []
  expect(tags.length).toBeGreaterThan(0)
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`)
  return nonce
}

describe('security headers on pages', () => {
  it('gives a public page a nonce-based policy, no framing and no shared caching', async () => {
    const res = await new Client().get('/')
    expect(res.status).toBe(200)
    expectCommonHeaders(res.headers)
    const csp = policy(res.headers)
    expect(csp.get('script-src')).toMatch(/^'self' 'nonce-[^']+'$/)
    expect(csp.get('frame-ancestors')).toBe(`'none'`)
    expect(csp.get('object-src')).toBe(`'none'`)
    // Pages frame only this site and the SCORM content origin (here the embedded default's), where package files live.
    expect(csp.get('frame-src')).toMatch(/^'self' http:\/\/scorm-content\.localhost:\d+$/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cache-control')).toBe('private, no-cache')
    // Nuxt's inline config script runs only because it carries the nonce.
    expect(res.text).toMatch(/<script nonce="[^"]+">window\.__NUXT__/)
    expectScriptsNonced(res.text, res.headers)
  })

  it('uses a new nonce for every response', async () => {
    const [a, b] = await Promise.all([new Client().get('/sign-in'), new Client().get('/sign-in')])
    expect(expectScriptsNonced(a.text, a.headers)).not.toBe(expectScriptsNonced(b.text, b.headers))
  })

  it('never lets a signed-in page be stored', async () => {
    const { client } = await signedInClient('headers')
    for (const path of ['/account', '/course', '/orders']) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe('no-store')
      expectCommonHeaders(res.headers)
      expectScriptsNonced(res.text, res.headers)
    }
  })

  it('sends the error page with the same policy and a nonce that matches its scripts', async () => {
    // A browser asks for HTML, so the error is rendered as a page (a bare request gets JSON).
    const res = await new Client().request('GET', '/no-such-page-here', undefined, { accept: 'text/html' })
    expect(res.status).toBe(404)
    expectCommonHeaders(res.headers)
    expect(policy(res.headers).get('frame-ancestors')).toBe(`'none'`)
    expectScriptsNonced(res.text, res.headers)
  })
})

describe('the site stylesheet', () => {
  // Pages carry only the rules they use and name the whole stylesheet (server/plugins/03.page-styles.ts). It is
  // the same for everyone, so shared caches may keep it, and no session is looked up or renewed for it.
  it('is cacheable by anyone and never renews a session', async () => {
    const { client, userId } = await signedInClient('styles')
    const href = (await client.get('/')).text.match(/data-site-styles="([^"]+)"/)?.[1]
    expect(href).toMatch(/^\/_styles\/site\.[\w-]+\.css$/)
    const due = async () => (await testSql()<{ due: boolean }[]>`select last_verified_at < now() - interval '1 hour' as due from sessions where user_id = ${userId}`)[0]!.due
    await testSql()`update sessions set last_verified_at = now() - interval '2 hours' where user_id = ${userId}`

    const res = await client.get(href!)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/css')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.getSetCookie()).toEqual([])
    expect(await due()).toBe(true)
    // A page asked for with the same cookie does renew it: the session was due.
    expect((await client.get('/course')).headers.getSetCookie().length).toBeGreaterThan(0)
    expect(await due()).toBe(false)
  })

  it('answers 404 for any other name', async () => {
    expect((await new Client().get('/_styles/site.0000.css')).status).toBe(404)
  })
})

describe('security headers on API answers', () => {
  it('never lets a private answer be stored, framed or run', async () => {
    const { client } = await signedInClient('headers')
    for (const path of ['/api/auth/me', '/api/orders']) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      expectCommonHeaders(res.headers)
      expect(res.headers.get('cache-control'), path).toBe('no-store')
      expect(res.headers.get('content-security-policy'), path).toBe(`default-src 'none'; frame-ancestors 'none'`)
    }
  })

  // Refusals are written by Nitro's error handler, which sends its own stricter headers (no referrer at all,
  // no script); the caching rule still holds.
  it('keeps refusals unstored, unframed and unsniffed', async () => {
    const res = await new Client().get('/api/orders')
    expect(res.status).toBe(401)
    expectRefusalHeaders(res.headers)
  })

  it('sends them from the Stripe webhook', async () => {
    const res = await fetch(`${inject('baseUrl')}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=not-a-signature' },
      body: '{}',
    })
    expect(res.status).toBe(400)
    expectRefusalHeaders(res.headers)
  })

  it('leaves a route\'s own caching alone: a job aid\'s PDF is the same for everyone', async () => {
    const res = await new Client().get('/api/aids/before-you-call/pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    expectCommonHeaders(res.headers)
  })

  it('keeps the long immutable caching of the built scripts', async () => {
    const page = await new Client().get('/')
    const script = page.text.match(/<script[^>]+src="(\/_nuxt\/[^"]+\.js)"/)?.[1]
    expect(script).toBeTruthy()
    const res = await fetch(`${inject('baseUrl')}${script}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/immutable/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
