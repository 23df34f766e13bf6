import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIRequestContext } from '@playwright/test'
import postgres from 'postgres'
import { anotherClient, E2E_PASSWORD } from './session'

/** The end-to-end server's database, named after its port: serve.ts creates it, and the specs reach it. */
export const e2eDatabaseName = `cmfc_e2e_${process.env.E2E_PORT ?? '3199'}`

/**
 * Where serve.ts writes that database's URL for the specs, which run in other processes: the server it is on
 * may be an embedded one on a port chosen at start.
 */
export const e2eDatabaseUrlFile = join(tmpdir(), `${e2eDatabaseName}.url`)

let sql: postgres.Sql | undefined

/** The e2e server's database, for what no page can do: promote an admin, grant a seat, check what was stored. */
export function e2eSql() {
  sql ??= postgres(readFileSync(e2eDatabaseUrlFile, 'utf8').trim(), { max: 2, onnotice: () => {} })
  return sql
}

/**
 * Creates a confirmed account through the API and signs this browser context in.
 * `admin` promotes it as `npm run admin:create` does; `seat` grants a licence as `npm run seat:grant` does.
 */
export async function signInAs(request: APIRequestContext, opts: { label: string, admin?: boolean, seat?: boolean }) {
  const email = `${opts.label}.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.org`
  const password = E2E_PASSWORD
  const headers = { origin: `http://localhost:${process.env.E2E_PORT ?? '3199'}`, ...anotherClient() }
  const signUp = await request.post('/api/auth/sign-up', { data: { name: `Test ${opts.label}`, email, password }, headers })
  if (!signUp.ok()) throw new Error(`sign-up failed: ${signUp.status()}`)
  const db = e2eSql()
  const [user] = await db<{ id: string }[]>`update users set email_verified_at = now(), is_admin = ${opts.admin ?? false} where email = ${email} returning id`
  if (opts.seat) await db`insert into seats (status, assigned_user_id) values ('assigned', ${user!.id})`
  const signIn = await request.post('/api/auth/sign-in', { data: { email, password }, headers })
  if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`)
  return { email, userId: user!.id }
}
