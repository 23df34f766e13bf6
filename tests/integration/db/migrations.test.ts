import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { findMigrationsFolder, migrateDatabase, openDatabase } from '../../../server/db/client'
import { readCourseOutline } from '../../../server/services/course-progress/course-outline'
import { seedDemoData } from '../../../server/services/demo/demo-seed'
import { dashboardSummary, listLearners } from '../../../server/services/organisations/org-dashboard'
import { learnersQuerySchema } from '../../../shared/types/orgs'

describe('migrations on the embedded database', () => {
  it('apply cleanly to PGlite, twice without harm, and seed the demo accounts once', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const folder = findMigrationsFolder()
      await migrateDatabase(database, folder)
      await migrateDatabase(database, folder)
      const tables = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)
      const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map(r => r.table_name)
      expect(names).toEqual(expect.arrayContaining(['users', 'sessions', 'email_tokens', 'sign_in_failures', 'email_outbox', 'audit_log', 'invitations']))
      expect(await seedDemoData(database.db)).toBe(true)
      expect(await seedDemoData(database.db)).toBe(false)

      // The demo training lead's dashboard works on PGlite too, with learners at every stage.
      const [org] = (await database.db.execute(sql`select id from organisations`) as unknown as { rows: { id: string }[] }).rows
      const course = readCourseOutline()
      expect(course.sectionIds.length).toBeGreaterThan(3)
      const summary = await dashboardSummary(database.db, org!.id, course)
      expect(summary.seats).toEqual({ bought: 25, assigned: 6, invited: 2, available: 17 })
      expect(summary.statuses).toEqual({ invited: 2, not_started: 2, in_progress: 2, overdue: 0, completed: 2, expiring_soon: 0, expired: 0 })
      expect(summary.completionsByMonth.reduce((n, m) => n + m.completions, 0)).toBe(2)
      const page = await listLearners(database.db, org!.id, course, learnersQuerySchema.parse({ sort: 'progress', dir: 'desc', q: 'demo.local' }))
      expect(page.total).toBe(8)
      expect(page.learners.map(l => l.progress)).toEqual([100, 100, 50, 10, 0, 0, 0, 0])
      const mails = (await database.db.execute(sql`select "to" from email_outbox where template = 'seat-invitation' order by "to"`) as unknown as { rows: { to: string }[] }).rows
      expect(mails.map(m => m.to)).toEqual(['alex.morgan@demo.local', 'jo.bloggs@demo.local'])
    }
    finally {
      await database.close()
    }
  })
})
