/**
 * Applies pending migrations by hand: `npm run db:migrate`.
 * Uses DATABASE_URL when set, else the embedded database under .data/ (NUXT_PGLITE_DIR to move it).
 */
import { findMigrationsFolder, migrateDatabase, openDatabase } from '../server/db/client'

const database = await openDatabase({ url: process.env.DATABASE_URL, pgliteDir: process.env.NUXT_PGLITE_DIR || '.data/pglite' })
try {
  await migrateDatabase(database, findMigrationsFolder())
  console.info(`Migrations applied (${database.kind}).`)
}
catch (error) {
  console.error('Migration failed:', error)
  process.exitCode = 1
}
finally {
  await database.close()
}
