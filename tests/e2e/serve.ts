/**
 * Playwright's web server: a throwaway PostgreSQL database and the built server on E2E_PORT.
 * On SIGTERM (Playwright's shutdown) it stops the server and drops the database.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { createThrowawayDatabase } from '../support/database'
import { startBuiltServer } from '../support/server'
import { databaseUrlFile } from './db'

const database = await createThrowawayDatabase('e2e')
const server = await startBuiltServer({ DATABASE_URL: database.url, PORT: process.env.E2E_PORT ?? '3199' })
// Specs read the database URL from here to check what reached PostgreSQL.
writeFileSync(databaseUrlFile(), database.url)
console.info(`e2e server ready at ${server.url}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  rmSync(databaseUrlFile(), { force: true })
  await server.stop()
  await database.drop()
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
