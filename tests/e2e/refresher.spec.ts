import { generateCertificateCode } from '../../shared/certificate-code'
import { expectNoSeriousA11yViolations } from './axe'
import { expect, test } from './fixtures'
import { e2eSql, signInAs } from './state'

test('a learner whose certificate has expired starts a refresher, sees what changed, and the old certificate says when it was valid until', async ({ page }) => {
  const sql = e2eSql()
  const learner = await signInAs(page.request, { label: 'refresher' })
  // An organisation whose certificates are current for 12 months, with one licence left for the refresher.
  const [org] = await sql<{ id: string }[]>`insert into organisations (name, certificate_months) values (${`Westshire ${Date.now()}`}, 12) returning id`
  const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id) values (${org!.id}, 'assigned', ${learner.userId}) returning id`
  await sql`insert into seats (organisation_id, status) values (${org!.id}, 'available')`
  // Completed 13 months ago, in an edition before version 1: every section has changed since (changedIn: [1]).
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id, started_at, completed_at)
    values (${learner.userId}, 0, ${seat!.id}, now() - interval '14 months', now() - interval '13 months') returning id`
  const code = generateCertificateCode()
  // Its expiry was fixed at issue: the completion day plus the organisation's 12 months.
  await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at, valid_until)
    values (${enrolment!.id}, ${code}, 'Test refresher', 'Children Missing from Care', 90, now() - interval '13 months', now() - interval '13 months',
      ((now() - interval '13 months') at time zone 'Europe/London')::date + interval '12 months')`

  await page.goto('/course')
  const panel = page.getByTestId('refresher')
  await expect(panel.getByRole('heading', { name: 'Time for a refresher' })).toBeVisible()
  await expect(panel).toContainText('Your certificate was valid until')
  await expectNoSeriousA11yViolations(page)
  await panel.getByRole('button', { name: 'Start a refresher' }).click()

  await expect(panel.getByRole('heading', { name: 'Your refresher' })).toBeVisible()
  await expect(panel.getByRole('heading', { name: 'What changed since you completed the course' })).toBeVisible()
  await expect(panel.getByRole('link', { name: 'Why this matters' })).toHaveAttribute('href', '/course/s1-why-this-matters')
  await expect(panel.getByRole('listitem').filter({ hasText: 'Why this matters' })).toContainText('(to read)')
  await expect(panel.getByRole('button', { name: /final assessment/ })).toHaveCount(0)
  await expectNoSeriousA11yViolations(page)

  // One licence taken; the old certificate is genuine but says it was valid until its date.
  const [free] = await sql<{ n: number }[]>`select count(*)::int as n from seats where organisation_id = ${org!.id} and status = 'available'`
  expect(free!.n).toBe(0)
  await page.goto(`/verify/${code}`)
  await expect(page.getByRole('heading', { name: 'This certificate is genuine but no longer current' })).toBeVisible()
  await expect(page.getByTestId('validity')).toHaveText(/^This certificate was valid until \d{1,2} [A-Z][a-z]+ \d{4}\.$/)
  await expectNoSeriousA11yViolations(page)
})

test('a training lead starts a refresher from the dashboard: a clear refusal with no licence left, then one licence taken', async ({ page }) => {
  const sql = e2eSql()
  const lead = await signInAs(page.request, { label: 'refresher-lead' })
  const [org] = await sql<{ id: string }[]>`insert into organisations (name, certificate_months) values (${`Eastmoor ${Date.now()}`}, 12) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${lead.userId}, 'manager')`
  const email = `refreshed.${Date.now()}@example.org`
  const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${email}, 'Rhian Refresh', 'not-a-hash', now()) returning id`
  const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id, invited_email) values (${org!.id}, 'assigned', ${user!.id}, ${email}) returning id`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id, started_at, completed_at)
    values (${user!.id}, 1, ${seat!.id}, now() - interval '13 months', now() - interval '13 months') returning id`
  await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at, valid_until)
    values (${enrolment!.id}, ${generateCertificateCode()}, 'Rhian Refresh', 'Children Missing from Care', 90, now() - interval '13 months', now() - interval '13 months',
      ((now() - interval '13 months') at time zone 'Europe/London')::date + interval '12 months')`

  await page.goto(`/org/${org!.id}`)
  await expect(page.getByTestId(`status-${email}`)).toContainText('Expired')
  await page.getByRole('button', { name: 'Start a refresher for Rhian Refresh' }).click()
  await expect(page.getByTestId(`row-message-${email}`)).toHaveText(/no licences left.*Buy more licences/)

  await sql`insert into seats (organisation_id, status) values (${org!.id}, 'available')`
  await page.getByRole('button', { name: 'Start a refresher for Rhian Refresh' }).click()
  await expect(page.getByTestId(`row-message-${email}`)).toHaveText(/A refresher has started for Rhian Refresh: it took one licence/)
  await expect(page.getByText('Refresher under way')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const [free] = await sql<{ n: number }[]>`select count(*)::int as n from seats where organisation_id = ${org!.id} and status = 'available'`
  expect(free!.n).toBe(0)
})
