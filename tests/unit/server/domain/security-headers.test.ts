import { describe, expect, it } from 'vitest'
import { appEnvAllows } from '../../../../server/domain/platform/app-env'
import {
  addScriptNonce, commonSecurityHeaders, isApiPath, pageCacheControl, pageContentSecurityPolicy,
} from '../../../../server/domain/platform/security-headers'

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map(d => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]))
}

describe('security headers', () => {
  it('sends Strict-Transport-Security for a year with subdomains in production only', () => {
    const inMode = (env: string) => commonSecurityHeaders({ strictTransportSecurity: appEnvAllows.httpsOnlyHeaders(env) })
    expect(inMode('production')['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(inMode('test')).not.toHaveProperty('strict-transport-security')
    expect(inMode('development')).not.toHaveProperty('strict-transport-security')
    expect(inMode('prod')).not.toHaveProperty('strict-transport-security')
  })

  it('always sends nosniff, the referrer policy and a permissions policy without the camera, microphone or location', () => {
    const headers = commonSecurityHeaders({ strictTransportSecurity: false })
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(headers['permissions-policy']).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/)
  })

  it('lets pages run only their own scripts and inline scripts with this response\'s nonce', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: 'abc123', frameSources: [`'self'`], upgradeInsecureRequests: false }))
    expect(policy.get('script-src')).toBe(`'self' 'nonce-abc123'`)
    expect(policy.get('object-src')).toBe(`'none'`)
    expect(policy.get('frame-ancestors')).toBe(`'none'`)
    expect(policy.get('form-action')).toBe(`'self'`)
    expect(policy.has('upgrade-insecure-requests')).toBe(false)
  })

  it('frames only the sources it is given (this site, and a SCORM content origin when there is one)', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: 'n', frameSources: [`'self'`, 'https://scorm.example.org'], upgradeInsecureRequests: true }))
    expect(policy.get('frame-src')).toBe(`'self' https://scorm.example.org`)
    expect(policy.has('upgrade-insecure-requests')).toBe(true)
  })

  it('nonces every script tag Nuxt writes, once, whatever its attributes', () => {
    const html = '<script>window.__NUXT__={}</script><script type="module" src="/_nuxt/a.js" crossorigin></script><SCRIPT nonce="x">1</SCRIPT>'
    expect(addScriptNonce(html, 'N')).toBe('<script nonce="N">window.__NUXT__={}</script><script nonce="N" type="module" src="/_nuxt/a.js" crossorigin></script><SCRIPT nonce="x">1</SCRIPT>')
  })

  it('never lets a signed-in page be stored, and keeps anonymous pages out of shared caches', () => {
    expect(pageCacheControl(true)).toBe('no-store')
    expect(pageCacheControl(false)).toBe('private, no-cache')
  })

  it.each([
    ['/api/auth/me', true], ['/api/orders?page=2', true], ['/api', true], ['/webhooks/stripe', true],
    ['/apiary', false], ['/account', false], ['/_nuxt/entry.js', false], ['/scorm/content/x/index.html', false],
  ])('treats %s as an API answer: %s', (path, api) => {
    expect(isApiPath(path)).toBe(api)
  })
})
