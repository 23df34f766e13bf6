import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm'
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  db: Db
  kind: DatabaseKind
  /** The postgres:// URL it was opened with (none for PGlite): migrations take a connection of their own. */
  url?: string
  close: () => Promise<void>
}

export interface DatabaseOptions {
  /** postgres:// URL; when empty, PGlite runs in-process. */
  url?: string
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  pgliteDir?: string
  /** PostgreSQL connections this process may open (NUXT_DATABASE_POOL_SIZE). */
  poolSize?: number
  /** Longest a statement may run or wait for a lock before PostgreSQL cancels it (NUXT_DATABASE_STATEMENT_TIMEOUT_MS); 0 for none. */
  statementTimeoutMs?: number
}

const positive = (value: unknown, fallback: number) => Number.isFinite(Number(value)) && Number(value) > 0 ? Math.floor(Number(value)) : fallback

/** The one database factory: postgres.js when a URL is given, embedded PGlite otherwise. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const statementTimeout = options.statementTimeoutMs === 0 ? 0 : positive(options.statementTimeoutMs, 30_000)
    const client = postgres(options.url, {
      max: positive(options.poolSize, 10),
      // Fail fast rather than hang when PostgreSQL is down or restarting: a refused or unanswered connection
      // is an error within 5 s, which the handlers turn into a 503 (server/db/outage.ts). The pool keeps no
      // broken connection: each one that fails is dropped and the next query opens a fresh one.
      connect_timeout: 5,
      // postgres.js waits this long (seconds) before reopening a connection that failed, and a query waits
      // with it: its default grows to 20 s after a few failures, which held requests for that long while
      // PostgreSQL was down. Short and capped, a request during an outage fails at once (503) and the
      // browser's queue, or Stripe, backs off instead. Connections are only reopened when a query needs one.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      idle_timeout: 30,
      // Connections are replaced every 10-20 minutes, so one that a proxy or firewall silently dropped does not linger.
      max_lifetime: 60 * (10 + Math.random() * 10),
      // A statement stuck behind a lock (or on a struggling server) is cancelled rather than holding a
      // learner's request, and its connection, for ever; an abandoned transaction is ended the same way.
      connection: statementTimeout
        ? { statement_timeout: statementTimeout, idle_in_transaction_session_timeout: statementTimeout * 2 }
        : {},
      onnotice: () => {},
    })
    return {
      db: drizzle(client, { schema }) as unknown as Db,
      kind: 'postgres',
      url: options.url,
      close: () => client.end({ timeout: 5 }),
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const dir = options.pgliteDir ?? '.data/pglite'
  if (!dir.startsWith('memory://')) await mkdir(dirname(resolve(dir)), { recursive: true })
  const client = new PGlite(dir)
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: 'pglite',
    close: () => client.close(),
  }
}

/** Where the committed migrations are: beside the built server, or the project's drizzle/ folder. */
export function findMigrationsFolder(configured?: string): string {
  const candidates = [
    configured,
    process.argv[1] ? resolve(dirname(process.argv[1]), 'drizzle') : undefined,
    resolve('drizzle'),
  ].filter((p): p is string => Boolean(p))
  const found = candidates.find(p => existsSync(resolve(p, 'meta/_journal.json')))
  if (!found) throw new Error(`No migrations found; looked in: ${candidates.join(', ')}`)
  return found
}

/** Any number: every instance of this app takes the same advisory lock while it migrates. */
const MIGRATION_LOCK = 7_243_118

/**
 * Applies every pending migration; throws (never swallows) when one fails. Several instances starting at
 * once on one PostgreSQL (a deploy that starts N of them) take turns under an advisory lock, on one
 * connection of their own, so only the first applies a migration and the others find it done; without the
 * lock two of them both try to create the same tables and one exits.
 */
export async function migrateDatabase(database: Database, migrationsFolder: string): Promise<void> {
  if (database.kind === 'postgres' && database.url) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    const connection = postgres(database.url, { max: 1, connect_timeout: 5, onnotice: () => {} })
    try {
      await connection`select pg_advisory_lock(${MIGRATION_LOCK})`
      await migrate(drizzle(connection), { migrationsFolder })
    }
    finally {
      // Ending the connection releases the lock too, even when a migration failed.
      await connection.end({ timeout: 5 })
    }
  }
  else if (database.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(database.db as never, { migrationsFolder })
  }
  else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.db as never, { migrationsFolder })
  }
}

/** The rows of a raw `db.execute(sql)`: postgres.js answers with an array, PGlite with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = await db.execute(query) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** Whether a query failed on a unique constraint (a race that a constraint settled); its name when it did. */
export function uniqueViolation(error: unknown): string | null {
  for (let e = error as { code?: string, constraint_name?: string, constraint?: string, cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint_name ?? e.constraint ?? 'unique'
  }
  return null
}

/**
 * Runs queries with PostgreSQL's JIT compiler off. The dashboard's queries touch a few thousand rows, but
 * their per-row subqueries push the planner's cost estimate over `jit_above_cost`, and compiling then
 * takes longer (about 20 ms) than running them does.
 */
export function withoutJit<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`)
    return work(tx)
  })
}

/**
 * A query for every request (the session lookup, a progress save's access check), prepared once for each
 * database rather than built and planned again each time.
 */
export function preparedPerDatabase<T>(prepare: (db: Db) => T): (db: Db) => T {
  const prepared = new WeakMap<Db, T>()
  return (db) => {
    let query = prepared.get(db)
    if (!query) prepared.set(db, query = prepare(db))
    return query
  }
}

/**
 * A raw statement (CTEs and all) turned into text once for a database, then run with values for its
 * `sql.placeholder`s. db.execute builds the text anew on every call, which for a position save, the
 * commonest request, was about a tenth of the server's CPU time per save. postgres.js prepares it once
 * per connection (it keeps prepared statements by their text), as it does for db.execute. It runs on the
 * database's pool, so it takes the database itself, never a transaction.
 */
export function rawStatement<T>(db: Db, query: SQL): (values: Record<string, unknown>) => Promise<T[]> {
  const { sql: text, params } = new PgDialect().sqlToQuery(query)
  const client = (db as unknown as { $client: unknown }).$client
  if (typeof client === 'function' && 'unsafe' in client) {
    const postgresJs = client as unknown as { unsafe: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<T[]> }
    return values => postgresJs.unsafe(text, fillPlaceholders(params, values), { prepare: true })
  }
  // PGlite (development): the same text and values through its own query method.
  const pglite = client as { query?: (text: string, params: unknown[]) => Promise<{ rows: T[] }> } | undefined
  // A transaction has no client of its own: a statement run this way would run outside it, so refuse.
  if (typeof pglite?.query !== 'function') throw new Error('rawStatement needs the database itself, not a transaction.')
  const run = pglite.query.bind(pglite)
  return async values => (await run(text, fillPlaceholders(params, values))).rows
}
