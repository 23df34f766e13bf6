import { findMigrationsFolder, migrateDatabase, openDatabase, type Database } from '../server/db/client'

/**
 * The database a command-line script works on, migrated: DATABASE_URL when set, else the embedded one
 * under .data/ (NUXT_PGLITE_DIR moves it). Runs `work`, then always closes the database.
 */
export async function withScriptDatabase(work: (database: Database) => Promise<void>) {
  const database = await openDatabase({ url: process.env.DATABASE_URL, pgliteDir: process.env.NUXT_PGLITE_DIR || '.data/pglite' })
  try {
    await migrateDatabase(database, findMigrationsFolder())
    await work(database)
  }
  finally {
    await database.close()
  }
}
