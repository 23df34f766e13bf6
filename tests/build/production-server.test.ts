import { randomUUID } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayDatabase, startTestPostgres, type TestPostgres } from '../support/database'
import { startBuiltServer, type RunningServer } from '../support/server'

/**
 * The production build started without Stripe keys, in test mode (production mode itself refuses to start without
 * them: production-mode.test.ts). With no test checkout built in, buying refuses plainly before any order exists,
 * and the test and development routes are simply not there.
 */
let pg: TestPostgres
let database: Awaited<ReturnType<typeof createThrowawayDatabase>>
let server: RunningServer
let sql: postgres.Sql

beforeAll(async () => {
  pg = await startTestPostgres()
  database = await createThrowawayDatabase(pg.url, 'build')
  sql = postgres(database.url, { max: 1, onnotice: () => {} })
  server = await startBuiltServer({
    DATABASE_URL: database.url,
    NUXT_STRIPE_SECRET_KEY: '',
    NUXT_STRIPE_WEBHOOK_SECRET: '',
    NUXT_TEST_CLOCK: 'true',
  }, '127.0.0.1')
}, 120_000)
afterAll(async () => {
  await server?.stop()
  await sql?.end()
  await database?.drop()
  await pg?.stop()
})

/** Signs up, confirms the email through the emailed link and signs in; answers the session cookie. */
async function signedIn(): Promise<(path: string, body?: unknown) => Promise<Response>> {
  let cookie = ''
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'origin': server.url, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = res.headers.getSetCookie().find(c => c.startsWith('__Host-session='))
    if (set) cookie = set.split(';')[0]!
    return res
  }
  const email = `buyer.${randomUUID().slice(0, 8)}@example.org`
  const password = 'a sensible long passphrase'
  expect((await call('/api/auth/sign-up', { name: 'Test buyer', email, password })).status).toBeLessThan(300)
  const [mail] = await sql<{ text: string }[]>`select text from email_outbox where "to" = ${email} order by created_at desc limit 1`
  const token = mail?.text.match(/#token=([a-z2-7]+)/)?.[1]
  expect(token, 'a confirmation link').toBeTruthy()
  await call('/api/auth/verify-email', { token })
  expect((await call('/api/auth/sign-in', { email, password })).status).toBe(200)
  return call
}

describe('the production build, started without Stripe keys', () => {
  it('refuses to take payment with a clear message, and makes no order', async () => {
    const call = await signedIn()
    for (const body of [
      { requestId: randomUUID(), buyingFor: 'myself', quantity: 1 },
      { requestId: randomUUID(), buyingFor: 'organisation', quantity: 60, organisationName: 'Test Council, Children\'s Services' },
    ]) {
      const res = await call('/api/checkout/sessions', body)
      expect(res.status).toBe(503)
      expect((await res.json()).message).toMatch(/Payments are not set up on this server/)
    }
    expect(await sql`select id from orders`).toEqual([])
    // The server is still up and well.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
  })

  it('has no test checkout, test invoice, mailbox or test clock, even with NUXT_TEST_CLOCK set', async () => {
    const call = await signedIn()
    for (const path of ['/checkout/test/cs_test_local_abc', '/invoices/test/in_test_local_abc', '/dev/mailbox', '/api/dev/mailbox', '/api/checkout/test/cs_test_local_abc', '/api/invoices/test/in_test_local_abc', '/api/test/clock']) {
      expect((await call(path)).status, path).toBe(404)
    }
    expect((await call('/api/test/clock', { advanceSeconds: 60 })).status).toBe(404)
    expect((await call('/api/test/reminders', {})).status).toBe(404)
  })
})

describe('the production build\'s third-party licences', () => {
  it('serves the licences of the code in the browser\'s scripts as a text file, linked from the footer', async () => {
    const home = await (await fetch(`${server.url}/`)).text()
    expect(home).toMatch(/<a href="\/third-party-licences\.txt"[^>]*>Software licences \(plain text\)<\/a>/)
    const res = await fetch(`${server.url}/third-party-licences.txt`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await res.text()).toMatch(/^nuxt \d+\.\d+\.\d+ \(MIT\)$/m)
  })
})
