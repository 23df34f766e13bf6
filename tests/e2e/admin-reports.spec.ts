import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { expect, test } from './fixtures'
import { expectNoSeriousA11yViolations } from './axe'
import { e2eSql, signInAs } from './state'

/** Two organisations, so filtering to one visibly leaves the other's learners out. */
async function organisationsWithLearners() {
  const sql = e2eSql()
  const stamp = `${Date.now()}`
  const [north, south] = await sql<{ id: string, name: string }[]>`
    insert into organisations (name) values (${`Northshire ${stamp}`}), (${`Southshire ${stamp}`}) returning id, name`
  const people = [
    { name: 'Siân Completed', org: north!.id, completed: true },
    { name: '=Formula Learner', org: north!.id, completed: false },
    { name: 'Other Council Person', org: south!.id, completed: true },
  ]
  const emails: string[] = []
  for (const [i, p] of people.entries()) {
    const email = `report.${stamp}.${i}@example.org`
    emails.push(email)
    const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${email}, ${p.name}, 'not-a-real-hash', now()) returning id`
    await sql`insert into seats (organisation_id, status, assigned_user_id, invited_email) values (${p.org}, 'assigned', ${user!.id}, ${email})`
    await sql`insert into enrolments (user_id, course_version, started_at, completed_at) values (${user!.id}, 1, '2026-03-02T10:00:00Z', ${p.completed ? '2026-03-20T10:00:00Z' : null})`
  }
  return { north: north!, south: south!, emails }
}

test('an admin filters completions to one organisation and downloads the CSV, which has its rows', async ({ page }) => {
  const { north, emails } = await organisationsWithLearners()
  await signInAs(page.request, { label: 'report-admin', admin: true })
  await page.goto('/admin/reports')
  await expect(page.getByRole('heading', { level: 1, name: 'Completion report' })).toBeVisible()

  await page.getByLabel('Organisation').selectOption({ label: `${north.name} (2)` })
  await expect(page.getByTestId('report-count')).toHaveText('2 rows match these filters.')
  await page.getByLabel('Status').selectOption('completed')
  await expect(page.getByTestId('report-count')).toHaveText('1 row matches these filters.')
  await page.getByLabel('Status').selectOption('all')
  await expect(page.getByTestId('report-count')).toHaveText('2 rows match these filters.')

  // Dates the wrong way round: said at once, and no download offered.
  await page.getByLabel('From').fill('2026-04-01')
  await page.getByLabel('To').fill('2026-03-01')
  await expect(page.getByText('The start date must be on or before the end date.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0)
  await page.getByLabel('From').fill('2026-03-01')
  await page.getByLabel('To').fill('2026-03-31')
  await expect(page.getByTestId('report-count')).toHaveText('2 rows match these filters.')
  await expectNoSeriousA11yViolations(page)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^completions-\d{4}-\d{2}-\d{2}\.csv$/)
  const bytes = await readFile((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
  const [header, ...rows] = parse(bytes, { bom: true }) as string[][]
  expect(header).toEqual(['Learner name', 'Email', 'Organisation', 'Seat status', 'Started', 'Completed', 'Final score (%)', 'Certificate code', 'Active time (minutes)', 'Minutes by section'])
  expect(rows.map(r => r.slice(0, 6)).sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
    ['Siân Completed', emails[0], north.name, 'Completed', '2026-03-02', '2026-03-20'],
    ['\'=Formula Learner', emails[1], north.name, 'In progress', '2026-03-02', ''],
  ])

  const xlsx = page.getByRole('link', { name: 'Download Excel (.xlsx)' })
  await expect(xlsx).toHaveAttribute('href', `/api/admin/reports/completions.xlsx?organisationId=${north.id}&status=all&from=2026-03-01&to=2026-03-31`)
})

test('anyone but an admin is sent away from the report page', async ({ page }) => {
  await signInAs(page.request, { label: 'report-learner', seat: true })
  await page.goto('/admin/reports')
  await expect(page).toHaveURL(/\/account$/)
})
