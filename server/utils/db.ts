import { findMigrationsFolder, migrateDatabase, openDatabase, type Database } from '../db/client'
import { appEnvAllows } from '../domain/app-env'
import { DEMO_ACCOUNTS, seedDemoData } from '../services/demo-seed'

let ready: Promise<Database> | undefined

/**
 * Opens the database once per process and applies migrations before the first query.
 * Rejects (and the startup plugin exits) when a migration fails: a half-migrated server must not run.
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
    const demoSiteUrl = config.public.siteUrl || `http://localhost:${process.env.PORT || 3000}`
    // Demo accounts exist only in development builds (build/test-tools.ts): the constant drops the seed otherwise.
    if (import.meta.testTools && database.kind === 'pglite' && appEnvAllows.demoData(config.appEnv) && await seedDemoData(database.db, demoSiteUrl)) {
      console.info('\nDemo accounts created on the embedded database (development only):')
      for (const a of DEMO_ACCOUNTS) console.info(`  ${a.role.padEnd(14)} ${a.email}  password: ${a.password}`)
      console.info('The training lead manages "Demoshire County Council" with learners at every stage: see /org.\n')
    }
    return database
  })()
  return ready
}

/** The drizzle instance, for handlers: `const db = await useDb()`. */
export async function useDb() {
  return (await useDatabase()).db
}
