import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { type AddressInfo, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { newSessionToken, sha256Bytes } from '../../server/domain/platform/tokens'
import { createThrowawayDatabase } from '../support/database'
import { golfZip } from '../support/scorm-fixtures'
import { type RunningServer, startBuiltServer } from '../support/server'
import { Client, PASSWORD, uniqueEmail } from './helpers/client'

/**
 * Issue 23, item 5: the app scales out as stateless instances on one PostgreSQL. Two built servers (each on a
 * port of its own, as a load balancer would see them) share one throwaway database of their own, one SCORM
 * folder (standing in for S3) and one mail server (a fake SMTP server, counting what arrives). Every port is a
 * free one, so another test run on the same machine cannot collide with this one.
 * Everything that must hold across instances is shown by sending a person's requests to both.
 */

let servers: RunningServer[] = []
let sql: postgres.Sql
let dropDatabase: () => Promise<void>
let smtp: Server
let scormDir: string
/** Every message the fake mail server accepted: its envelope recipient and raw data. */
const delivered: { to: string, data: string }[] = []

/** A minimal SMTP server: enough of RFC 5321 for nodemailer (no TLS, no auth), keeping every message. */
function startFakeSmtp(port: number): Promise<Server> {
  const server = createServer((socket) => {
    let buffer = ''
    let inData = false
    let to: string[] = []
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 fake-smtp ready')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end < 0) return
          const data = buffer.slice(0, end)
          buffer = buffer.slice(end + 5)
          inData = false
          for (const recipient of to) delivered.push({ to: recipient, data })
          to = []
          reply('250 queued')
          continue
        }
        const eol = buffer.indexOf('\r\n')
        if (eol < 0) return
        const line = buffer.slice(0, eol)
        buffer = buffer.slice(eol + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp')
        else if (verb === 'MAIL') reply('250 ok')
        else if (verb === 'RCPT') {
          to.push(line.match(/<([^>]*)>/)?.[1]?.toLowerCase() ?? '')
          reply('250 ok')
        }
        else if (verb === 'DATA') {
          inData = true
          reply('354 go ahead')
        }
        else if (verb === 'QUIT') {
          reply('221 bye')
          socket.end()
          return
        }
        else reply('250 ok')
      }
    })
    socket.on('error', () => {})
  })
  return new Promise(resolve => server.listen(port, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  // A database of this file's own: the shared test server's outbox worker must not send these emails.
  const serverUrl = new URL(inject('databaseUrl'))
  serverUrl.pathname = '/postgres'
  const database = await createThrowawayDatabase(serverUrl.href, 'multi')
  dropDatabase = database.drop
  sql = postgres(database.url, { max: 4, onnotice: () => {} })
  smtp = await startFakeSmtp(0)
  const smtpPort = (smtp.address() as AddressInfo).port
  scormDir = mkdtempSync(join(tmpdir(), 'cmfc-multi-scorm-'))
  const env = {
    DATABASE_URL: database.url,
    NUXT_STRIPE_SECRET_KEY: 'sk_test_integration',
    NUXT_STRIPE_WEBHOOK_SECRET: inject('stripeWebhookSecret'),
    NUXT_STRIPE_API_BASE: inject('fakeStripeUrl'),
    NUXT_TRUST_PROXY: 'true',
    NUXT_SCORM_DIR: scormDir,
    NUXT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NUXT_DATABASE_POOL_SIZE: '5',
  }
  // Both start at once on an empty database, as a deploy starts its instances: they take turns to migrate.
  servers = await Promise.all([1, 2].map(() => startBuiltServer(env, '127.0.0.1')))
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map(s => s.stop()))
  await new Promise(resolve => smtp?.close(resolve))
  await sql?.end()
  await dropDatabase?.()
  if (scormDir) rmSync(scormDir, { recursive: true, force: true })
})

const [A, B] = [0, 1]
const url = (i: number) => servers[i]!.url
/** A browser-like client talking to one instance (its Origin is that instance, as behind one host name). */
const clientOn = (i: number) => new Client(url(i), url(i))
/** The same person (cookies and address) sending their next request to another instance. */
function moveTo(client: Client, i: number) {
  const moved = clientOn(i)
  moved.cookies = client.cookies
  moved.address = client.address
  return moved
}

async function signedIn(label: string, on = A) {
  const client = clientOn(on)
  const email = uniqueEmail(label)
  expect((await client.post('/api/auth/sign-up', { name: `Multi ${label}`, email, password: PASSWORD })).status).toBeLessThan(300)
  const [mail] = await sql<{ text: string }[]>`select text from email_outbox where "to" = ${email} order by created_at desc limit 1`
  expect((await client.post('/api/auth/verify-email', { token: mail!.text.match(/#token=([a-z2-7]+)/)![1] })).status).toBeLessThan(300)
  const res = await client.post('/api/auth/sign-in', { email, password: PASSWORD })
  expect(res.status, res.text).toBe(200)
  return { client, email, userId: res.json.userId as string }
}

/** Signed-in people made straight in the database (a session row holding the SHA-256 of a fresh secret). */
async function quickPeople(count: number, label: string) {
  const people = Array.from({ length: count }, () => ({ email: uniqueEmail(label), ...newSessionToken() }))
  const users = await sql<{ id: string, email: string }[]>`
    insert into users (email, name, password_hash, email_verified_at)
    select e, 'Quick person', 'not-a-real-hash', now() from unnest(${people.map(p => p.email)}::text[]) as e returning id, email`
  const ids = new Map(users.map(u => [u.email, u.id]))
  await sql`insert into sessions (id, secret_hash, user_id)
    select id, decode(hash, 'hex'), user_id from unnest(${people.map(p => p.id)}::text[], ${people.map(p => Buffer.from(sha256Bytes(p.secret)).toString('hex'))}::text[], ${people.map(p => ids.get(p.email)!)}::uuid[]) as s(id, hash, user_id)`
  return people.map((p, i) => {
    const client = clientOn(i % 2)
    client.cookies.set('__Host-session', p.token)
    return { client, email: p.email, userId: ids.get(p.email)! }
  })
}

function postWebhook(i: number, event: object) {
  const payload = JSON.stringify(event)
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: inject('stripeWebhookSecret') })
  return fetch(`${url(i)}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })
    .then(async res => ({ status: res.status, json: await res.json().catch(() => null) as { outcome?: string, duplicate?: boolean } | null }))
}

describe('two instances on one database', () => {
  it('both started together on an empty database and migrated it once', async () => {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`
    const [latest] = await sql<{ n: number }[]>`select count(distinct hash)::int as n from drizzle.__drizzle_migrations`
    expect(row!.n).toBe(latest!.n)
    for (const i of [A, B]) expect((await fetch(`${url(i)}/api/health`)).status).toBe(200)
  })

  it('honours a session made on one instance on the other, and signing out on one ends it on both', async () => {
    const { client, email } = await signedIn('session', A)
    const onB = moveTo(client, B)
    const me = await onB.get('/api/auth/me')
    expect(me.status).toBe(200)
    expect(JSON.stringify(me.json)).toContain(email)
    const token = client.sessionToken!
    expect((await onB.post('/api/auth/sign-out')).status).toBeLessThan(300)
    // The old cookie, replayed to the instance that did not sign it out, is no longer a session there.
    const afterwards = clientOn(A)
    afterwards.cookies.set('__Host-session', token)
    const stale = await afterwards.get('/api/auth/me')
    expect(JSON.stringify(stale.json ?? {})).not.toContain(email)
  })

  it('counts failed sign-ins from one address across both instances: the sixth is refused wherever it lands', async () => {
    const { email } = await signedIn('throttle', B)
    const attacker = clientOn(A)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const res = await moveTo(attacker, i % 2).post('/api/auth/sign-in', { email, password: i < 5 ? `wrong guess ${i}` : PASSWORD })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('counts sign-ups from one address across both instances (20 an hour)', async () => {
    const visitor = clientOn(A)
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      const res = await moveTo(visitor, i % 2).post('/api/auth/sign-up', { name: 'Busy network', email: uniqueEmail(`limit${i}`), password: PASSWORD })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 20).every(s => s < 300)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it('gives exactly 50 seats to 100 people accepting at once through both instances', async () => {
    const lead = await signedIn('lead', A)
    const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`Multi Council ${randomUUID().slice(0, 6)}`}) returning id`
    const orgId = org!.id
    await sql`insert into memberships (organisation_id, user_id, role) values (${orgId}, ${lead.userId}, 'manager')`
    await sql`insert into seats (organisation_id, status) select ${orgId}, 'available' from generate_series(1, 100)`
    const people = await quickPeople(100, 'seat')
    const invited = await lead.client.post(`/api/orgs/${orgId}/invitations`, { entries: people.map(p => ({ email: p.email })) })
    expect(invited.status, invited.text).toBe(201)
    // As a refund does: the 100 invited seats are withdrawn (the invitations stay open), then 50 are bought.
    await sql`update seats set status = 'revoked', revoked_at = now(), invited_email = null where organisation_id = ${orgId} and status = 'invited'`
    await sql`insert into seats (organisation_id, status) select ${orgId}, 'available' from generate_series(1, 50)`
    const mails = await sql<{ to: string, text: string }[]>`select "to", text from email_outbox where template = 'seat-invitation' and "to" = any(${people.map(p => p.email)}::text[])`
    const tokens = new Map(mails.map(m => [m.to, m.text.match(/#token=([a-z2-7]+)/)![1]!]))

    const results = await Promise.all(people.map(p => p.client.post('/api/invitations/accept', { token: tokens.get(p.email) })))
    const statuses = results.map(r => r.status)
    expect(statuses.filter(s => s === 200)).toHaveLength(50)
    expect(statuses.filter(s => s === 409)).toHaveLength(50)
    const winners = people.filter((_, i) => statuses[i] === 200).map(p => p.userId).sort()
    const holders = await sql<{ user_id: string }[]>`select assigned_user_id as user_id from seats where organisation_id = ${orgId} and status = 'assigned'`
    expect(holders.map(h => h.user_id).sort()).toEqual(winners)
    // Both instances served some of them.
    expect(new Set(people.map((p, i) => `${p.client.baseUrl}:${statuses[i]}`)).size).toBe(4)
  })

  it('fulfils a paid order once when Stripe delivers its event several times to both instances', async () => {
    const buyer = await signedIn('buyer', B)
    const res = await buyer.client.post('/api/checkout/sessions', { requestId: randomUUID(), buyingFor: 'organisation', quantity: 12, organisationName: `Webhook Council ${randomUUID().slice(0, 6)}` })
    expect(res.status, res.text).toBe(201)
    const orderId = res.json.orderId as string
    const [order] = await sql<{ stripe_checkout_session_id: string, total_pence: number }[]>`select stripe_checkout_session_id, total_pence from orders where id = ${orderId}`
    const event = {
      id: `evt_test_${randomBytes(10).toString('hex')}`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: {
        id: order!.stripe_checkout_session_id, object: 'checkout.session', mode: 'payment', status: 'complete', payment_status: 'paid',
        amount_total: order!.total_pence, currency: 'gbp', client_reference_id: orderId, metadata: { order_id: orderId },
        payment_intent: `pi_test_${randomBytes(8).toString('hex')}`,
      } },
    }
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => postWebhook(i % 2, event)))
    expect(answers.every(a => a.status === 200)).toBe(true)
    expect(answers.filter(a => a.json?.outcome === 'fulfilled' && !a.json.duplicate)).toHaveLength(1)
    const seats = await sql<{ n: number }[]>`select count(*)::int as n from seats where order_id = ${orderId}`
    expect(seats[0]!.n).toBe(12)
    const [paid] = await sql<{ status: string }[]>`select status from orders where id = ${orderId}`
    expect(paid!.status).toBe('paid')
  })

  it('keeps a SCORM attempt\'s commits in order when they are split across both instances', async () => {
    const admin = await signedIn('scorm-admin', A)
    await sql`update users set is_admin = true where id = ${admin.userId}`
    const upload = await fetch(`${url(A)}/api/admin/scorm/packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', 'origin': url(A), 'cookie': [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new Uint8Array(await golfZip()),
    })
    expect(upload.status).toBeLessThan(300)
    const packageId = (await upload.json() as { package: { id: string } }).package.id
    const learner = await signedIn('scorm-learner', B)
    await sql`insert into seats (status, assigned_user_id) values ('assigned', ${learner.userId})`
    const launch = await learner.client.post(`/api/scorm/packages/${packageId}/launch`)
    expect(launch.status, launch.text).toBe(200)
    const commit = (i: number, seq: number, location: string) =>
      moveTo(learner.client, i).post(`/api/scorm/attempts/${launch.json.attemptId}/commit`, { launch: launch.json.launch, seq, values: { 'cmi.location': location } })
    expect((await commit(A, 1, 'one')).json.applied).toBe(true)
    expect((await commit(B, 3, 'three')).json.applied).toBe(true)
    // Late and repeated commits reach the other instance: neither overwrites the newer data.
    expect((await commit(A, 2, 'two')).json.applied).toBe(false)
    expect((await commit(A, 3, 'three again')).json.applied).toBe(false)
    // Racing commits, alternately to each instance: whatever order they land in, the highest seq wins.
    await Promise.all(Array.from({ length: 10 }, (_, k) => commit(k % 2, 4 + k, `race ${4 + k}`)))
    const [attempt] = await sql<{ cmi: Record<string, string> }[]>`select cmi from scorm_attempts where id = ${launch.json.attemptId}`
    expect(JSON.stringify(attempt)).toContain('race 13')
  })

  it('sends each queued email once, though both instances deliver the outbox', async () => {
    const recipients = Array.from({ length: 120 }, (_, i) => uniqueEmail(`outbox${i}`))
    await sql`insert into email_outbox ("to", template, subject, text)
      select r, 'multi-instance-check', 'A message for you', 'Sent once, whichever instance picks it up.' from unnest(${recipients}::text[]) as r`
    await vi.waitFor(async () => {
      const [pending] = await sql<{ n: number }[]>`select count(*)::int as n from email_outbox where status <> 'sent'`
      expect(pending!.n, 'emails still waiting in the outbox').toBe(0)
    }, { timeout: 60_000, interval: 500 })
    const rows = await sql<{ to: string, attempts: number }[]>`select "to", attempts from email_outbox`
    expect(rows.every(r => r.attempts === 1)).toBe(true)
    // Every email this file caused (confirmations, invitations, the 120 above) arrived exactly once.
    const expected = new Map<string, number>()
    for (const r of rows) expected.set(r.to, (expected.get(r.to) ?? 0) + 1)
    const got = new Map<string, number>()
    for (const d of delivered) got.set(d.to, (got.get(d.to) ?? 0) + 1)
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected))
  }, 90_000)
})
