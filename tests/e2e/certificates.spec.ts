import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { readPdf } from '../support/pdf'
import { expectNoSeriousA11yViolations } from './axe'
import { anotherClient, E2E_PASSWORD } from './session'
import { e2eSql } from './state'

const NAME = 'Siobhán O\'Brien-Łukasiewicz'

/**
 * A learner with a seat who has done everything but the last section: the player's screens are built
 * elsewhere, so the test sets up the progress in the database and finishes through the real progress route.
 */
async function almostCompleteLearner(request: import('@playwright/test').APIRequestContext, origin: string) {
  const email = `certificate.${Date.now()}@example.org`
  const signUp = await request.post('/api/auth/sign-up', { data: { name: NAME, email, password: E2E_PASSWORD }, headers: { origin, ...anotherClient() } })
  expect(signUp.ok()).toBe(true)
  const course = await (await request.get('/api/course')).json() as { version: number, sections: { id: string, minutes: number, activities: { id: string }[] }[] }
  const sql = e2eSql()
  const [user] = await sql<{ id: string }[]>`update users set email_verified_at = now() where email = ${email} returning id`
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values ('Westshire Council') returning id`
  const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id) values (${org!.id}, 'assigned', ${user!.id}) returning id`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id) values (${user!.id}, ${course.version}, ${seat!.id}) returning id`
  const last = course.sections.at(-1)!
  for (const section of course.sections.slice(0, -1)) {
    await sql`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${enrolment!.id}, ${section.id}, 'completed', true, now())`
  }
  // The last section's reading time is credited already: reaching its end is what completes the course.
  await sql`insert into section_progress (enrolment_id, section_id, status, active_seconds) values (${enrolment!.id}, ${last.id}, 'in_progress', ${last.minutes * 60})`
  for (const activity of last.activities) await sql`insert into activity_completions (enrolment_id, activity_id) values (${enrolment!.id}, ${activity.id})`
  await sql`insert into assessment_attempts (enrolment_id, attempt_number, question_ids, answers, score_percent, passed, submitted_at) values (${enrolment!.id}, 1, ${sql.json([])}, ${sql.json({})}, 93, true, now())`
  return { email, lastSectionId: last.id }
}

test('a learner completes the course, downloads the certificate, and the check page shows the same details', async ({ page, baseURL }) => {
  const { email, lastSectionId } = await almostCompleteLearner(page.request, baseURL!)

  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
  await expect(page.getByText(/When you finish every section/)).toBeVisible()

  // Finishing the last section completes the course through the real route (the session is the browser's).
  const finished = await page.request.post('/api/progress/events', {
    data: { events: [{ id: randomUUID(), type: 'reached-end', at: Date.now(), sectionId: lastSectionId }] },
    headers: { origin: baseURL! },
  })
  expect((await finished.json()).results[0].result).toEqual({ sectionStatus: 'completed' })

  await page.reload()
  const certificate = page.getByRole('article', { name: /^Certificate / })
  await expect(certificate).toBeVisible()
  await expect(certificate.getByText(NAME)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const code = (await certificate.locator('dd.font-mono').textContent())!.trim()
  expect(code).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/)
  const completedOn = (await certificate.locator('dt:text-is("Completed") + dd').textContent())!.trim()

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    certificate.getByRole('link', { name: 'Download your certificate (PDF)' }).click(),
  ])
  expect(download.suggestedFilename()).toBe(`certificate-${code}.pdf`)
  const pdf = await readPdf(await readFile((await download.path())!))
  expect(pdf.text).toContain(NAME)
  expect(pdf.text).toContain(code)
  expect(pdf.text).toContain(`on ${completedOn}`)
  expect(pdf.text).toContain('CPD time: 1.5 hours')
  expect(pdf.text).toContain(`/verify/${code}`)

  await certificate.getByRole('link', { name: 'See what others see when they check it' }).click()
  await expect(page).toHaveURL(new RegExp(`/verify/${code}$`))
  await expect(page.getByRole('heading', { name: 'This certificate is genuine' })).toBeVisible()
  const details = page.getByRole('definition')
  await expect(details.nth(0)).toHaveText(NAME)
  await expect(details.nth(1)).toHaveText('Children Missing from Care')
  await expect(details.nth(2)).toHaveText(completedOn)
  await expect(details.nth(3)).toHaveText('1.5 hours')
  await expect(details.nth(4)).toHaveText(code)
  await expectNoSeriousA11yViolations(page)

  // Anyone can type the code, however they write it; a typing mistake is explained before any lookup.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.goto('/verify')
  await expect(page.getByRole('heading', { name: 'Check a certificate' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const wrong = code.slice(0, -1) + (code.endsWith('A') ? 'C' : 'A')
  await page.getByLabel('Certificate code').fill(wrong)
  await page.getByRole('button', { name: 'Check the certificate' }).click()
  await expect(page.getByText(/typing mistake/).first()).toBeVisible()
  await expect(page).toHaveURL(/\/verify$/)
  await expectNoSeriousA11yViolations(page)
  await page.getByLabel('Certificate code').fill(` ${code.toLowerCase().replaceAll('-', ' ')} `)
  await page.getByRole('button', { name: 'Check the certificate' }).click()
  await expect(page).toHaveURL(new RegExp(`/verify/${code}$`))
  await expect(page.getByRole('heading', { name: 'This certificate is genuine' })).toBeVisible()
  await expect(page.getByRole('definition').first()).toHaveText(NAME)

  await page.goto(`/verify/${wrong}`)
  await expect(page.getByRole('heading', { name: 'This code has a typing mistake' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})
