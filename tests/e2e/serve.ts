/**
 * Playwright's web server: a throwaway PostgreSQL database and the built server on E2E_PORT.
 * On SIGTERM (Playwright's shutdown) it stops the server and drops the database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createThrowawayDatabase } from '../support/database'
import { startBuiltServer } from '../support/server'
import { e2eStateFile } from './state'

const port = process.env.E2E_PORT ?? '3199'
const database = await createThrowawayDatabase('e2e')
const scormDir = mkdtempSync(join(tmpdir(), 'cmfc-e2e-scorm-'))
// Specs read the database address from here, to set up what no page can (an admin, a seat).
writeFileSync(e2eStateFile(port), JSON.stringify({ databaseUrl: database.url }))
const server = await startBuiltServer({ DATABASE_URL: database.url, PORT: port, NUXT_SCORM_DIR: scormDir })
console.info(`e2e server ready at ${server.url}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.stop()
  await database.drop()
  rmSync(scormDir, { recursive: true, force: true })
  rmSync(e2eStateFile(port), { force: true })
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
