import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { generateCertificateCode } from '../../../shared/certificate-code'
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

describe('migration 0013: a certificate\'s expiry stored at issue', () => {
  it('gives existing certificates the date their licence\'s organisation gave them, and none without a period', async () => {
    // The migrations up to 0012 only, from a copy of the folder with a shorter journal.
    const folder = findMigrationsFolder()
    const before = mkdtempSync(join(tmpdir(), 'cmfc-migrations-'))
    const database = await openDatabase({ pgliteDir: 'memory://' })
    try {
      cpSync(folder, before, { recursive: true })
      const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
      journal.entries = journal.entries.filter(e => e.tag < '0013')
      writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal))
      await migrateDatabase(database, before)

      const rows = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query) as unknown as { rows: T[] }).rows
      const certificateFor = async (label: string, months: number | null, completedAt: string) => {
        const [org] = await rows<{ id: string }>(sql`insert into organisations (name, certificate_months) values (${label}, ${months}) returning id`)
        const [user] = await rows<{ id: string }>(sql`insert into users (email, name, password_hash) values (${`${label}@example.org`}, ${label}, 'not-a-hash') returning id`)
        const [seat] = await rows<{ id: string }>(sql`insert into seats (organisation_id, status, assigned_user_id) values (${org!.id}, 'assigned', ${user!.id}) returning id`)
        const [enrolment] = await rows<{ id: string }>(sql`insert into enrolments (user_id, course_version, seat_id, started_at, completed_at)
          values (${user!.id}, 1, ${seat!.id}, ${completedAt}::timestamptz, ${completedAt}::timestamptz) returning id`)
        const code = generateCertificateCode()
        await database.db.execute(sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
          values (${enrolment!.id}, ${code}, ${label}, 'Children Missing from Care', 90, ${completedAt}::timestamptz, ${completedAt}::timestamptz)`)
        return code
      }
      // 23:30 UTC on 29 February 2024 is 29 February in London: 12 months on is 28 February 2025.
      const yearly = await certificateFor('yearly', 12, '2024-02-29T23:30:00Z')
      // 23:30 UTC on 31 May is 1 June in London (summer time).
      const summer = await certificateFor('summer', 24, '2024-05-31T23:30:00Z')
      const never = await certificateFor('never', null, '2024-03-01T10:00:00Z')

      await migrateDatabase(database, folder)
      const stored = await rows<{ code: string, valid_until: string | null }>(sql`select code, to_char(valid_until, 'YYYY-MM-DD') as valid_until from certificates`)
      const byCode = Object.fromEntries(stored.map(r => [r.code, r.valid_until]))
      expect(byCode).toEqual({ [yearly]: '2025-02-28', [summer]: '2026-06-01', [never]: null })
    }
    finally {
      await database.close()
      rmSync(before, { recursive: true, force: true })
    }
  })
})
