import { afterAll, describe, expect, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../support/server'

const servers: RunningServer[] = []
afterAll(async () => {
  await Promise.all(servers.map(s => s.stop()))
})

describe('production mode', () => {
  it('refuses to start without a site address, a mail server and Stripe keys', async () => {
    await expect(startBuiltServer({ NUXT_APP_ENV: 'production', DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://' })).rejects.toThrow(/NUXT_PUBLIC_SITE_URL[\s\S]*NUXT_SMTP_URL[\s\S]*NUXT_STRIPE_SECRET_KEY[\s\S]*NUXT_STRIPE_WEBHOOK_SECRET/)
  })

  it('never runs the test checkout: real Stripe keys are required', async () => {
    await expect(startBuiltServer({
      NUXT_APP_ENV: 'production',
      DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://',
      NUXT_PUBLIC_SITE_URL: 'https://learning.example.org',
      NUXT_SMTP_URL: 'smtp://127.0.0.1:9',
      NUXT_STRIPE_SECRET_KEY: '', NUXT_STRIPE_WEBHOOK_SECRET: 'whsec_x',
    })).rejects.toThrow(/Refusing to start in production without:\s+NUXT_STRIPE_SECRET_KEY/)
  })

  it('refuses to start with council buying settings that would print wrong quotes and invoices', async () => {
    await expect(startBuiltServer({
      DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://',
      NUXT_VAT_RATE_PERCENT: 'twenty', NUXT_ORDER_REFERENCE_PREFIX: 'cmc-', NUXT_INVOICE_SUSPEND_AFTER_DAYS: '0',
    })).rejects.toThrow(/NUXT_VAT_RATE_PERCENT[\s\S]*NUXT_ORDER_REFERENCE_PREFIX[\s\S]*NUXT_INVOICE_SUSPEND_AFTER_DAYS/)
    await expect(startBuiltServer({
      DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://',
      NUXT_VAT_RATE_PERCENT: '20', NUXT_SUPPLIER_VAT_NUMBER: '',
    })).rejects.toThrow(/NUXT_SUPPLIER_VAT_NUMBER is empty/)
  })

  it('refuses to start with the test clock on, which would let learning time be faked', async () => {
    await expect(startBuiltServer({
      NUXT_APP_ENV: 'production',
      DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://',
      NUXT_PUBLIC_SITE_URL: 'https://learning.example.org',
      NUXT_SMTP_URL: 'smtp://127.0.0.1:9',
      NUXT_STRIPE_SECRET_KEY: 'sk_test_production_mode',
      NUXT_STRIPE_WEBHOOK_SECRET: 'whsec_production_mode',
      NUXT_TEST_CLOCK: 'true',
    })).rejects.toThrow(/NUXT_TEST_CLOCK is for tests only/)
  })

  it('never seeds demo accounts and hides the development mailbox and the test clock', async () => {
    const server = await startBuiltServer({
      NUXT_APP_ENV: 'production',
      DATABASE_URL: '', NUXT_PGLITE_DIR: 'memory://',
      NUXT_PUBLIC_SITE_URL: 'https://learning.example.org',
      NUXT_SMTP_URL: 'smtp://127.0.0.1:9',
      NUXT_STRIPE_SECRET_KEY: 'sk_test_production_mode',
      NUXT_STRIPE_WEBHOOK_SECRET: 'whsec_production_mode',
    }, '127.0.0.1')
    servers.push(server)
    expect(server.output()).not.toMatch(/Demo accounts/)
    expect((await fetch(`${server.url}/api/dev/mailbox`)).status).toBe(404)
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/test/clock`)).status).toBe(404)
    const clock = await fetch(`${server.url}/api/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': 'https://learning.example.org' }, body: '{"advanceSeconds":3600}' })
    expect(clock.status).toBe(404)
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      // The Origin check compares against the configured site address (scheme, host and port).
      headers: { 'content-type': 'application/json', 'origin': 'https://learning.example.org' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'demo-admin-password' }),
    })
    expect(signIn.status).toBe(401)
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok', database: 'pglite' })
    // Only production tells browsers to use HTTPS for a year (test servers check it is absent: security-headers.test.ts).
    for (const path of ['/api/health', '/sign-in']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains')
    }
    expect((await fetch(`${server.url}/sign-in`)).headers.get('content-security-policy')).toMatch(/; upgrade-insecure-requests$/)
  }, 120_000) // Starting a server with an embedded database takes over 30 s on a busy shared machine.
})
