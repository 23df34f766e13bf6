/**
 * Playwright's web server: a throwaway PostgreSQL database and the built server on E2E_PORT.
 * On SIGTERM (Playwright's shutdown) it stops the server and drops the database.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createThrowawayDatabase } from '../support/database'
import { startBuiltServer } from '../support/server'
import { e2eDatabaseName } from './state'

const database = await createThrowawayDatabase('e2e', e2eDatabaseName)
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
})
console.info(`e2e server ready at ${server.url}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.stop()
  await database.drop()
  rmSync(scormDir, { recursive: true, force: true })
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
server.process.on('exit', (code) => {
  if (!stopping) {
    console.error(`e2e server exited unexpectedly (${code}):\n${server.output()}`)
    void database.drop().finally(() => process.exit(1))
  }
})
