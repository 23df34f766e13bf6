import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createThrowawayDatabase } from '../support/database'
import { startBuiltServer } from '../support/server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    databaseUrl: string
  }
}

/** One throwaway PostgreSQL database and one built server for the whole integration run. */
export default async function setup(project: TestProject) {
  const database = await createThrowawayDatabase('it')
  // SCORM packages go to a throwaway folder; a small upload limit lets a test send an oversized file cheaply.
  const scormDir = mkdtempSync(join(tmpdir(), 'cmfc-it-scorm-'))
  const server = await startBuiltServer({ DATABASE_URL: database.url, NUXT_SCORM_DIR: scormDir, NUXT_SCORM_MAX_UPLOAD_MB: '5' }, '127.0.0.1')
  project.provide('baseUrl', server.url)
  project.provide('databaseUrl', database.url)
  return async () => {
    await server.stop()
    await database.drop()
    rmSync(scormDir, { recursive: true, force: true })
  }
}
