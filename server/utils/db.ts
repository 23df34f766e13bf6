import { findMigrationsFolder, migrateDatabase, openDatabase, type Database } from '../db/client'

let ready: Promise<Database> | undefined

/**
 * Opens the database once per process and applies migrations before the first query.
 * Rejects (and the startup plugin exits) when a migration fails: a half-migrated server must not run.
 * Development's demo data is added by a plugin of its own (server/plugins/05.demo-data.ts).
 */
export function useDatabase(): Promise<Database> {
  ready ??= (async () => {
    const config = useRuntimeConfig()
    // DATABASE_URL is the name every tool (drizzle-kit, psql, hosts) knows; NUXT_DATABASE_URL also works.
    const database = await openDatabase({
      url: config.databaseUrl || process.env.DATABASE_URL,
      pgliteDir: config.pgliteDir,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
    })
    await migrateDatabase(database, findMigrationsFolder(config.migrationsDir || undefined))
    return database
  })()
  return ready
}

/** The drizzle instance, for handlers: `const db = await useDb()`. */
export async function useDb() {
  return (await useDatabase()).db
}
