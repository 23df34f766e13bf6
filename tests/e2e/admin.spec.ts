import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { generateCertificateCode } from '../../shared/certificate-code'
import { expectNoSeriousA11yViolations } from './axe'
import { expect, test } from './fixtures'
import { e2eSql, signInAs } from './state'

/** Every admin page, read from pages/admin, so a new page is checked too; `[id]` becomes the given user's id. */
function adminPages(userId: string): string[] {
  const dir = join(process.cwd(), 'pages/admin')
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)])
  return walk(dir).filter(f => f.endsWith('.vue')).map((f) => {
    const path = relative(dir, f).replace(/\\/g, '/').replace(/\.vue$/, '').replace(/(^|\/)index$/, '').replace(/\[id\]/, userId)
    return `/admin${path ? `/${path}` : ''}`
  }).sort()
}

/** A learner who completed the course with a certificate, and a paid order, so every list and chart has rows. */
async function completedLearnerWithOrder(label: string) {
  const sql = e2eSql()
  const email = `${label}.${Date.now()}@example.org`
  const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${email}, ${`Ada ${label}`}, 'not-a-hash', now()) returning id`
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`Northshire ${label}`}) returning id`
  const [order] = await sql<{ id: string }[]>`insert into orders (reference, buyer_id, kind, organisation_id, quantity, unit_price_pence, total_pence, status, request_id, paid_at)
    values (${`E2E-2026-${Date.now()}`}, ${user!.id}, 'organisation', ${org!.id}, 2, 1500, 3000, 'paid', gen_random_uuid(), now()) returning id`
  const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, order_id, order_seq, status, assigned_user_id) values (${org!.id}, ${order!.id}, 1, 'assigned', ${user!.id}) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${user!.id}, 'manager')`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id, completed_at) values (${user!.id}, 1, ${seat!.id}, now()) returning id`
  await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
    values (${enrolment!.id}, ${generateCertificateCode()}, ${`Ada ${label}`}, 'Children Missing from Care', 90, now(), now())`
  return { email, userId: user!.id }
}

test('every admin page passes axe with data on it', async ({ page }) => {
  await signInAs(page.request, { label: 'axe-admin', admin: true })
  const learner = await completedLearnerWithOrder('axe')
  const pages = adminPages(learner.userId)
  expect(pages).toEqual(expect.arrayContaining(['/admin', '/admin/users', `/admin/users/${learner.userId}`, '/admin/audit', '/admin/scorm']))
  for (const path of pages) {
    await page.goto(path)
    await expect(page.getByRole('navigation', { name: 'Admin' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoSeriousA11yViolations(page)
  }
  // The charts' tables, shown on screen, pass too.
  await page.goto('/admin')
  const showTable = page.getByRole('button', { name: 'Show as a table' })
  await expect(showTable).toHaveCount(2)
  // Each click turns its button into "Show as columns", so the first one left is always the next.
  await showTable.first().click()
  await showTable.first().click()
  await expect(showTable).toHaveCount(0)
  await expect(page.getByRole('table', { name: /completions in each of the last 12 months/i })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('an admin finds a person, opens their page and makes them an admin', async ({ page }) => {
  const admin = await signInAs(page.request, { label: 'journey-admin', admin: true })
  const learner = await completedLearnerWithOrder('journey')
  await page.goto('/')
  await page.getByRole('link', { name: 'Admin', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Admin overview' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
  await page.getByLabel('Search by name or email').fill(learner.email)
  await expect(page.getByRole('status')).toHaveText('Showing 1 to 1 of 1')
  await page.getByRole('link', { name: 'Ada journey' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ada journey' })).toBeVisible()
  await expect(page.getByText(/Completed \d+/)).toBeVisible()
  await page.getByRole('button', { name: 'Make an admin' }).click()
  await expect(page.getByText('Ada journey is now an admin.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Remove admin rights' })).toBeVisible()
  const [entry] = await e2eSql()<{ actor_id: string }[]>`select actor_id from audit_log where action = 'admin.granted' and target_id = ${learner.userId}`
  expect(entry?.actor_id).toBe(admin.userId)
})

test('someone who is not an admin is sent away from the admin pages', async ({ page }) => {
  await signInAs(page.request, { label: 'not-admin', seat: true })
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/account$/)
})
