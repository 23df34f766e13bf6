import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { findMigrationsFolder, migrateDatabase, openDatabase } from '../../../server/db/client'
import { seedDemoData } from '../../../server/services/demo-seed'

describe('migrations on the embedded database', () => {
  it('apply cleanly to PGlite, twice without harm, and seed the demo accounts once', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const folder = findMigrationsFolder()
      await migrateDatabase(database, folder)
      await migrateDatabase(database, folder)
      const tables = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)
      const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map(r => r.table_name)
      expect(names).toEqual(expect.arrayContaining(['users', 'sessions', 'email_tokens', 'sign_in_failures', 'email_outbox', 'audit_log']))
      expect(await seedDemoData(database.db)).toBe(true)
      expect(await seedDemoData(database.db)).toBe(false)
    }
    finally {
      await database.close()
    }
  })
})
