import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIRequestContext } from '@playwright/test'
import postgres from 'postgres'

/** Where tests/e2e/serve.ts writes the URL of its throwaway database, so specs can check what was stored. */
export function databaseUrlFile(port = process.env.E2E_PORT ?? '3199') {
  return join(tmpdir(), `cmfc-e2e-${port}.database-url`)
}

let sql: postgres.Sql | undefined

/** The e2e server's database. */
export function e2eSql() {
  sql ??= postgres(readFileSync(databaseUrlFile(), 'utf8').trim(), { max: 2, onnotice: () => {} })
  return sql
}

export const PASSWORD = 'a long and memorable phrase'

/**
 * A learner signed in through the page's own cookie jar: signs up through the API, confirms the email
 * with the token from the outbox, and (optionally) gets a seat, as `npm run seat:grant` would.
 */
export async function signedInLearner(request: APIRequestContext, baseURL: string, options: { seat: boolean, label: string }) {
  const email = `${options.label}.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.org`
  const headers = { origin: baseURL }
  await request.post('/api/auth/sign-up', { data: { name: `E2E ${options.label}`, email, password: PASSWORD }, headers })
  const [mail] = await e2eSql()<{ text: string }[]>`select text from email_outbox where "to" = ${email} order by created_at desc limit 1`
  const token = mail?.text.match(/#token=([a-z2-7]+)/)?.[1]
  if (!token) throw new Error(`no confirmation email for ${email}`)
  await request.post('/api/auth/verify-email', { data: { token }, headers })
  const [user] = await e2eSql()<{ id: string }[]>`select id from users where email = ${email}`
  if (options.seat) await e2eSql()`insert into seats (status, assigned_user_id) values ('assigned', ${user!.id})`
  const res = await request.post('/api/auth/sign-in', { data: { email, password: PASSWORD }, headers })
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`)
  return { email, userId: user!.id }
}
