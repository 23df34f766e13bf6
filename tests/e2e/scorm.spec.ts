import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, FrameLocator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { parse } from 'yaml'
import { folderZip, golfZip, HOSTILE_DIR } from '../support/scorm-fixtures'
import { expectNoSeriousA11yViolations } from './axe'
import { e2eSql, signInAs } from './state'

/** A new phone-sized browser context signed in as a fresh account. */
async function signedInPage(browser: Browser, opts: Parameters<typeof signInAs>[1]) {
  const context = await browser.newContext({ ...test.info().project.use })
  const page = await context.newPage()
  const account = await signInAs(page.request, opts)
  return { context, page, ...account }
}

/** Uploads a zip through the admin page and returns the new package's id. */
async function uploadThroughAdminPage(page: Page, name: string, buffer: Buffer, expectedTitle: string) {
  await page.goto('/admin/scorm')
  await expect(page.getByRole('heading', { level: 1, name: 'SCORM packages' })).toBeVisible()
  await page.getByLabel('SCORM zip file').setInputFiles({ name, mimeType: 'application/zip', buffer })
  const uploaded = page.waitForResponse(r => r.url().endsWith('/api/admin/scorm/packages') && r.request().method() === 'POST')
  await page.getByRole('button', { name: 'Upload package' }).click()
  const response = await uploaded
  expect(response.status(), await response.text()).toBe(201)
  await expect(page.getByText(`Uploaded "${expectedTitle}"`)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const [row] = await e2eSql()<{ id: string }[]>`select id from scorm_packages where title = ${expectedTitle} order by created_at desc limit 1`
  return row!.id
}

/** The package's own page: inside the content origin's frame, below the SCORM API stand-in. */
const player = (page: Page) => page.frameLocator('iframe[title^="Course content"]').frameLocator('#cmfc-package')

test('a learner plays the golf package, closes the tab, resumes where they were, passes and sees the result', async ({ browser }) => {
  const admin = await signedInPage(browser, { label: 'scorm-admin', admin: true })
  const packageId = await uploadThroughAdminPage(admin.page, 'golf.zip', await golfZip(), 'Golf Explained - Run-time Advanced Calls')
  await admin.context.close()

  const learner = await signedInPage(browser, { label: 'golfer', seat: true })
  let page = learner.page
  const dialogs: string[] = []
  const acceptDialogs = (p: Page) => p.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.accept()
  })
  acceptDialogs(page)

  await page.goto('/scorm')
  await expect(page.getByRole('heading', { level: 1, name: 'SCORM courses' })).toBeVisible()
  await expect(page.getByText('Not started')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('link', { name: 'Start Golf Explained - Run-time Advanced Calls' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Golf Explained - Run-time Advanced Calls' })).toBeVisible()
  const content = player(page).frameLocator('#contentFrame')
  await expect(content.locator('h1').first()).toBeVisible()
  await expectNoSeriousA11yViolations(page, { skipFrames: true })

  // Three pages on, then the tab is closed without pressing Exit.
  for (let i = 0; i < 3; i++) await player(page).locator('#butNext').click()
  await expect(player(page).locator('#contentFrame')).toHaveAttribute('src', '../Playing/OtherScoring.html')
  await page.close({ runBeforeUnload: true })
  const sql = e2eSql()
  await expect.poll(async () => (await sql`select a.last_exit, a.cmi->>'cmi.location' as location from scorm_attempts a join scorm_registrations r on r.id = a.registration_id where r.user_id = ${learner.userId}`)[0])
    .toMatchObject({ last_exit: 'suspend', location: '3' })

  page = await learner.context.newPage()
  acceptDialogs(page)
  await page.goto(`/scorm/${packageId}`)
  await expect(page.getByText('Welcome back: the course continues where you left off.')).toBeVisible()
  await expect(player(page).locator('#contentFrame')).toHaveAttribute('src', '../Playing/OtherScoring.html')
  expect(dialogs).toContain('Would you like to resume from where you previously left off?')

  // On to the knowledge check at the end; answer every question right.
  for (let i = 3; i < 14; i++) await player(page).locator('#butNext').click()
  const test = player(page).frameLocator('#contentFrame')
  await expect(test.getByRole('heading', { name: 'Knowledge Check' })).toBeVisible()
  for (const radio of await test.locator('.correctAnswer input[type=radio]').all()) await radio.check()
  for (const box of await test.locator('.correctAnswer input[type=text]').all()) {
    const answer = (await box.locator('xpath=..').innerText()).match(/\((\d+)\)/)![1]!
    await box.fill(answer)
  }
  await test.getByRole('button', { name: 'Submit Answers' }).click()
  await expect(test.getByText('Score: 100')).toBeVisible()
  await player(page).locator('#butExit').click()
  await expect(page.getByText('You have left the course. Your progress is saved.')).toBeVisible()
  expect(dialogs.filter(d => /error/i.test(d))).toEqual([])

  await page.goto('/scorm')
  await expect(page.getByText('Completed · Passed · Score 100%')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.goto('/account')
  await expect(page.getByText('Completed · Passed · Score 100%')).toBeVisible()
  await learner.context.close()
})

interface PoolQuestion {
  id: string
  type: string
  options?: { id: string, correct: boolean }[]
  items?: { id: string }[]
  pairs?: { id: string, right: string }[]
}

function assessmentPool(): Map<string, PoolQuestion> {
  const dir = join(process.cwd(), 'content/assessment')
  const questions = readdirSync(dir).flatMap(f => (parse(readFileSync(join(dir, f), 'utf8')) as { questions: PoolQuestion[] }).questions)
  return new Map(questions.map(q => [q.id, q]))
}

/** Answers every question on the exported assessment page correctly, from the course's own answer key. */
async function answerAssessment(frame: FrameLocator) {
  const pool = assessmentPool()
  const questions = frame.locator('fieldset[data-question-id]')
  await expect(questions.first()).toBeVisible()
  for (const fieldset of await questions.all()) {
    const q = pool.get((await fieldset.getAttribute('data-question-id'))!)!
    if (q.type === 'ordering') {
      for (const [index, item] of q.items!.entries()) await fieldset.locator(`select[data-item-id="${item.id}"]`).selectOption(String(index + 1))
    }
    else if (q.type === 'matching') {
      for (const pair of q.pairs!) await fieldset.locator(`select[data-pair-id="${pair.id}"]`).selectOption(pair.right)
    }
    else {
      for (const option of q.options!.filter(o => o.correct)) await fieldset.locator(`input[value="${option.id}"]`).check()
    }
  }
}

for (const version of ['2004', '1.2'] as const) {
  test(`the course exported as SCORM ${version} completes in this platform's own player, with its score recorded`, async ({ browser }) => {
    const admin = await signedInPage(browser, { label: `export-admin-${version}`, admin: true })
    const download = await admin.page.request.get(`/api/admin/scorm/export/${version}`)
    expect(download.status()).toBe(200)
    await admin.page.goto('/admin/scorm')
    await expect(admin.page.getByRole('link', { name: `Download SCORM ${version} zip` })).toBeVisible()
    const packageId = await uploadThroughAdminPage(admin.page, `course-${version}.zip`, Buffer.from(await download.body()), 'Children Missing from Care')
    await admin.context.close()

    const learner = await signedInPage(browser, { label: `export-learner-${version}`, seat: true })
    const page = learner.page
    await page.goto(`/scorm/${packageId}`)
    const course = player(page)
    const pageFrame = course.frameLocator('#cmfc-frame')
    await expect(pageFrame.getByRole('heading', { level: 1, name: '1. Why this matters' })).toBeVisible()
    await expectNoSeriousA11yViolations(page, { skipFrames: true })

    // Through every section to the final assessment.
    const sections = await course.locator('[data-page]').count()
    for (let i = 1; i < sections; i++) await course.getByRole('button', { name: 'Next' }).click()
    await expect(pageFrame.getByRole('heading', { level: 1, name: 'Final assessment' })).toBeVisible()
    await answerAssessment(pageFrame)
    await pageFrame.getByRole('button', { name: 'Submit my answers' }).click()
    await expect(pageFrame.getByText('Your score: 100%. You passed.')).toBeVisible()
    await expect(pageFrame.getByText('You have completed the course.')).toBeVisible()
    await course.getByRole('button', { name: 'Save and exit' }).click()
    await expect(page.getByText('You have left the course. Your progress is saved.')).toBeVisible()

    await expect.poll(async () => (await e2eSql()`select completion_status, success_status, score_scaled from scorm_registrations where user_id = ${learner.userId} and package_id = ${packageId}`)[0])
      .toMatchObject({ completion_status: 'completed', success_status: 'passed', score_scaled: 1 })
    await page.goto('/scorm')
    await expect(page.getByText('Completed · Passed · Score 100%')).toBeVisible()
    await learner.context.close()
  })
}

test('a hostile package opened by an admin can read and change nothing of theirs', async ({ browser }) => {
  const strangerContext = await browser.newContext({ ...test.info().project.use })
  const stranger = await signInAs(strangerContext.request, { label: 'stranger' })
  await strangerContext.close()
  const admin = await signedInPage(browser, { label: 'hostile-viewer', admin: true })
  const page = admin.page
  const appOrigin = new URL(test.info().project.use.baseURL!).origin
  const zip = await folderZip(HOSTILE_DIR, { fill: { APP_ORIGIN: appOrigin, STRANGER_ID: stranger.userId } })
  const packageId = await uploadThroughAdminPage(page, 'hostile.zip', zip, 'Hostile package')
  // Something of the viewer's in this site's storage, for the package to look for.
  await page.evaluate(() => localStorage.setItem('viewer-secret', 'only for this site'))

  await page.goto(`/scorm/${packageId}`)
  const report = player(page).locator('#report[data-done="true"]')
  await expect(report).toBeVisible()
  const got = JSON.parse(await report.innerText()) as Record<string, string>

  // The runtime still answers the package across the frames, and its commit reaches the server.
  expect(got.scorm).toBe('true,true,true')
  await expect.poll(async () => (await e2eSql()`select completion_status from scorm_registrations where user_id = ${admin.userId} and package_id = ${packageId}`)[0])
    .toMatchObject({ completion_status: 'completed' })
  // Its own origin is not the site; the site's API does not answer it.
  expect(got.meHere).toMatch(/^404 /)
  expect(got.meOnSite).toBe('blocked: TypeError')
  expect(JSON.stringify(got)).not.toContain(admin.email)
  expect(JSON.stringify(got)).not.toContain(admin.userId)
  // The stranger is no admin: the JSON call never left the browser, the simple one arrived without the viewer's session.
  expect(got.promote).toBe('blocked: TypeError')
  expect(got.promoteNoCors).toBe('opaque')
  expect((await e2eSql()`select is_admin from users where id = ${stranger.userId}`)[0]).toMatchObject({ is_admin: false })
  expect(await e2eSql()`select action from audit_log where target_id = ${stranger.userId}`).toEqual([])
  // No cookies, none of the site's storage, no reach into the page or its runtime, no navigating it.
  expect(got.cookies).toBe('')
  expect(got.localStorage).not.toContain('viewer-secret')
  expect(got.topDocument).toBe('blocked: SecurityError')
  expect(got.topStorage).toBe('blocked: SecurityError')
  expect(got.topApi).toBe('blocked: SecurityError')
  expect(got.navigateTop).toMatch(/^blocked: /)
  expect(new URL(page.url()).pathname).toBe(`/scorm/${packageId}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Hostile package' })).toBeVisible()
  await admin.context.close()
})
