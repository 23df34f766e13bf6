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
  // Trusting X-Forwarded-For (as behind a load balancer) lets each test count as its own client for rate limits.
  const server = await startBuiltServer({ DATABASE_URL: database.url, NUXT_TRUST_PROXY: 'true' }, '127.0.0.1')
  project.provide('baseUrl', server.url)
  project.provide('databaseUrl', database.url)
  return async () => {
    await server.stop()
    await database.drop()
  }
}
