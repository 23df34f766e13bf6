import type postgres from 'postgres'

/** What every benchmark gets: the running built server, its throwaway database, and a way to make learners. */
export interface BenchContext {
  baseUrl: string
  databaseUrl: string
  sql: postgres.Sql
  /** A new signed-in learner holding a seat: the cookie header to send, and their user id. */
  learner: (label: string) => Promise<{ cookie: string, userId: string, email: string }>
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

/** The value at quantile q (0..1) of some numbers, by the nearest-rank method. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

export const ms = (x: number) => `${x.toFixed(1)} ms`
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
