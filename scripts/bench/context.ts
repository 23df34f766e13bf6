import type postgres from 'postgres'
import { newSessionToken, sha256Bytes } from '../../server/domain/platform/tokens'

/** What every benchmark gets: the running built server, its throwaway database, and a way to make learners. */
export interface BenchContext {
  baseUrl: string
  databaseUrl: string
  /** The built server's process id, to read its memory from /proc. */
  serverPid: number
  sql: postgres.Sql
  /** A new signed-in learner holding a seat: the cookie header to send, and their user id. */
  learner: (label: string) => Promise<{ cookie: string, userId: string, email: string }>
  /** Many signed-in learners holding seats at once, made straight in the database: their cookie headers. */
  learners: (label: string, count: number) => Promise<string[]>
}

/** One line of the results table. */
export interface BenchRow {
  measure: string
  value: string
}

export interface Benchmark {
  name: string
  run: (ctx: BenchContext) => Promise<BenchRow[]>
}

export const PASSWORD = 'a sensible long passphrase'

/** Signs up through the API, confirms the email with the token from the outbox, gives a seat, signs in. */
export function learnerFactory(baseUrl: string, sql: postgres.Sql): BenchContext['learner'] {
  const post = (path: string, body: unknown, cookie = '') => fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'origin': baseUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
  return async (label) => {
    const email = `bench.${label}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`
    await post('/api/auth/sign-up', { name: `Bench ${label}`, email, password: PASSWORD })
    const [mail] = await sql<{ text: string }[]>`select text from email_outbox where "to" = ${email} order by created_at desc limit 1`
    const token = mail?.text.match(/#token=([a-z2-7]+)/)?.[1]
    if (!token) throw new Error(`No confirmation email for ${email}`)
    await post('/api/auth/verify-email', { token })
    const [user] = await sql<{ id: string }[]>`select id from users where email = ${email}`
    await sql`insert into seats (status, assigned_user_id) values ('assigned', ${user!.id})`
    const res = await post('/api/auth/sign-in', { email, password: PASSWORD })
    if (!res.ok) throw new Error(`sign-in failed: ${res.status}`)
    const cookie = res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    return { cookie, userId: user!.id, email }
  }
}

/**
 * Makes `count` verified learners, each with a seat and a session, in three set-based statements: signing
 * 200 people up through the API would take minutes (argon2). Sessions follow server/services/accounts/sessions.ts:
 * the cookie holds `id.secret` and the row only SHA-256 of the secret. The built server runs with
 * NUXT_APP_ENV=test, so the cookie is the `__Host-` one.
 */
export function bulkLearners(sql: postgres.Sql): BenchContext['learners'] {
  return async (label, count) => {
    const stamp = `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`
    const emails = Array.from({ length: count }, (_, i) => `bench.${label}.${i}.${stamp}@example.org`)
    const users = await sql<{ id: string }[]>`
      insert into users (email, name, password_hash, email_verified_at)
      select e, 'Bench learner', 'not-a-hash: signs in through its session only', now() from unnest(${emails}::text[]) as e
      returning id`
    const ids = users.map(u => u.id)
    await sql`insert into seats (status, assigned_user_id) select 'assigned', u from unnest(${ids}::uuid[]) as u`
    const tokens = ids.map(() => newSessionToken())
    await sql`
      insert into sessions (id, secret_hash, user_id)
      select id, decode(hash, 'hex'), user_id from unnest(${tokens.map(t => t.id)}::text[], ${tokens.map(t => Buffer.from(sha256Bytes(t.secret)).toString('hex'))}::text[], ${ids}::uuid[])
        as s(id, hash, user_id)`
    return tokens.map(t => `__Host-session=${t.token}`)
  }
}

/** The value at quantile q (0..1) of some numbers, by the nearest-rank method. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

export const ms = (x: number) => `${x.toFixed(1)} ms`
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
