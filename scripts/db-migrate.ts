/**
 * Applies pending migrations by hand: `npm run db:migrate`.
 * Uses DATABASE_URL when set, else the embedded database under .data/ (NUXT_PGLITE_DIR to move it).
 */
import { withScriptDatabase } from './script-database'

try {
  await withScriptDatabase(async database => console.info(`Migrations applied (${database.kind}).`))
}
catch (error) {
  console.error('Migration failed:', error)
  process.exitCode = 1
}
