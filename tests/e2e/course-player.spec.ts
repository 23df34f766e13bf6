import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Scenario } from '../../server/domain/course-progress/course-types'
import { endingFor } from '../../server/domain/course-progress/scenarios'
import { course, firstChoicePath, questionById, quizzes, richSection, sections } from '../support/course-content'
import { answerCorrectly } from './answer'
import { expectNoSeriousA11yViolations } from './axe'
import { e2eSql, signInAs } from './state'

// The section, scenarios and quiz come from the content files, so the journey follows the course as it changes.
const RICH = richSection()
const SECTION = RICH.id
const PREVIEW = sections[0]!
const NOTE = 'I would write "was exploited", not "put herself at risk".'

async function storedFor(userId: string) {
  const sql = e2eSql()
  const attempts = await sql<{ activity_id: string, item_id: string, passed: boolean }[]>`
    select a.activity_id, a.item_id, a.passed from activity_attempts a join enrolments e on e.id = a.enrolment_id where e.user_id = ${userId}`
  const [section] = await sql<{ status: string, last_anchor: string | null, content_reached: boolean }[]>`
    select p.status, p.last_anchor, p.content_reached from section_progress p join enrolments e on e.id = p.enrolment_id
    where e.user_id = ${userId} and p.section_id = ${SECTION}`
  const notes = await sql<{ text: string }[]>`select r.text from reflections r join enrolments e on e.id = r.enrolment_id where e.user_id = ${userId}`
  return { attempts, section, notes }
}

/** Plays a scenario to an ending through the page, always taking the first choice, checking focus on the way. */
async function playToAnEnding(page: Page, scenario: Scenario) {
  const region = page.getByRole('region', { name: scenario.title })
  const path = firstChoicePath(scenario.id)
  for (const { stepId, choiceId } of path) {
    const choice = scenario.steps.find(s => s.id === stepId)!.choices.find(c => c.id === choiceId)!
    await region.getByRole('radio', { name: choice.text, exact: true }).check()
    await region.getByRole('button', { name: 'Confirm my choice' }).click()
    // Focus moves to what happened, which carries the consequence and the feedback.
    await expect(region.getByRole('heading', { name: 'What happened' }).last()).toBeFocused()
    await expect(region.getByText(choice.feedback.trim().slice(0, 60))).toBeVisible()
    await region.getByRole('button', { name: 'Continue' }).click()
  }
  // The ending depends on the whole path, so the server's engine says which one this path reaches.
  const ending = endingFor(scenario, path)
  await expect(region.getByRole('heading', { name: `The end: ${ending.title}` })).toBeFocused()
  await expect(region.getByRole('heading', { name: 'Debrief' })).toBeVisible()
  // The debrief lists each decision the learner took before the ending's summary.
  await expect(region.locator('[data-decisions] > li')).toHaveCount(path.length)
  await expect(region.getByRole('button', { name: 'Play the scenario again' })).toBeVisible()
  return region
}

/**
 * The learner reads on for `minutes` at a normal pace: each minute passes on the page's clock (Playwright's
 * fake timers, so the player counts it as active time after a key press) and on the server's test clock,
 * which is what credits it.
 */
async function readFor(page: Page, minutes: number) {
  for (let i = 0; i < minutes; i++) {
    const moved = await page.request.post('/api/test/clock', { data: { advanceSeconds: 60 }, headers: { origin: new URL(page.url()).origin } })
    expect(moved.ok(), await moved.text()).toBe(true)
    await page.keyboard.press('ArrowDown')
    await page.clock.runFor(60_000)
  }
}

test('a learner finishes a section on a phone, through a lost signal and a reload, and nothing is lost', async ({ page, context }) => {
  // The longest journey in the suite, now with minutes of reading: give it three times the usual time.
  test.slow()
  await page.clock.install()
  const { userId } = await signInAs(page.request, { seat: true, label: 'player' })
  const outline = await (await page.request.get('/api/course')).json() as { totalMinutes: number, sections: { id: string, minutes: number }[] }

  await page.goto('/course')
  await expect(page.getByRole('heading', { level: 1, name: 'Children Missing from Care' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Start the course/ })).toBeVisible()
  await expect(page.getByText(`About ${outline.totalMinutes} minutes of reading left`)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: RICH.title, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: RICH.title })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Your progress in this section' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // The scenarios: choose, see what happened and why, continue, until an ending and its debrief.
  for (const scenario of RICH.scenarioList) await playToAnEnding(page, scenario)
  await expectNoSeriousA11yViolations(page)

  // The signal drops. The learner carries on: the quiz, a reflection, and on to the end.
  await context.setOffline(true)
  const status = page.getByRole('status').filter({ hasText: /offline|saved|Saving/ })
  await expect(status).toContainText('You are offline')
  for (const q of RICH.quizList.flatMap(x => x.questions)) {
    const item = page.getByRole('listitem').filter({ hasText: q.prompt })
    await answerCorrectly(item, questionById(q.id))
    await item.getByRole('button', { name: 'Check my answer' }).click()
    // Focus moves to the note saying the answer waits on this device (the paragraph around the words).
    await expect(item.getByText('Your answer is kept on this device.').locator('xpath=..')).toBeFocused()
  }
  const reflection = page.getByRole('textbox', { name: /Reflection: private to you/ }).first()
  await reflection.fill(NOTE)
  await reflection.blur()
  await page.getByRole('navigation', { name: 'Sections' }).scrollIntoViewIfNeeded()
  await expect(status).toContainText(/You are offline\. \d+ changes are kept on this device/)
  await expectNoSeriousA11yViolations(page)
  expect((await storedFor(userId)).attempts.filter(a => RICH.quizzes.includes(a.activity_id))).toHaveLength(0)

  // The signal comes back: every answer reaches the database, and the feedback appears.
  await context.setOffline(false)
  await expect(status).toContainText('All your progress is saved.', { timeout: 30_000 })
  await expect(page.getByRole('heading', { name: 'Correct' })).toHaveCount(RICH.quizList.flatMap(x => x.questions).length)

  // Everything is done but the reading time: the page says so plainly, with no countdown.
  const footer = page.getByRole('status').filter({ hasText: 'To finish this section' })
  await expect(footer).toContainText('a few more minutes reading this section')
  await expect(footer).not.toContainText(/\d+ (minutes|seconds)/)
  const minutes = outline.sections.find(x => x.id === SECTION)!.minutes
  await readFor(page, Math.ceil(minutes * course.studyShare) + 1)
  await expect(page.getByText('You have finished this section.')).toBeVisible()
  const stored = await storedFor(userId)
  for (const quiz of RICH.quizList) {
    expect(stored.attempts.filter(a => a.activity_id === quiz.id).map(a => a.item_id).sort()).toEqual(quiz.questions.map(q => q.id).sort())
    expect(stored.attempts.filter(a => a.activity_id === quiz.id).every(a => a.passed)).toBe(true)
  }
  for (const scenario of RICH.scenarioList) {
    expect(stored.attempts.filter(a => a.activity_id === scenario.id)).toHaveLength(firstChoicePath(scenario.id).length)
  }
  expect(stored.section).toMatchObject({ status: 'completed', content_reached: true })
  expect(stored.notes.map(n => n.text)).toEqual([NOTE])
  await expectNoSeriousA11yViolations(page)

  // The learner scrolls back to a part they want to reread, then reloads: the page comes back there.
  const part = page.getByRole('heading', { level: 2, name: RICH.headings[Math.floor(RICH.headings.length / 2)]!, exact: true })
  const anchor = await part.getAttribute('id')
  await part.evaluate(heading => heading.scrollIntoView({ block: 'start' }))
  await expect(page).toHaveURL(new RegExp(`#${anchor}$`))
  await expect.poll(async () => (await storedFor(userId)).section?.last_anchor, { timeout: 15_000 }).toBe(anchor)
  await page.reload()
  await expect(part).toBeInViewport()
  await expect(page.getByRole('heading', { name: 'Correct' })).toHaveCount(RICH.quizList.flatMap(x => x.questions).length)
  for (const scenario of RICH.scenarioList) await expect(page.getByRole('region', { name: scenario.title }).getByRole('heading', { name: /^The end:/ })).toBeVisible()
  await expect(reflection).toHaveValue(NOTE)
  await expectNoSeriousA11yViolations(page)

  // "Next section" opens the next one.
  const next = sections[sections.findIndex(x => x.id === SECTION) + 1]!
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: new RegExp(`Next section\\s*${next.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click()
  await expect(page.getByRole('heading', { level: 1, name: next.title })).toBeVisible()

  // The course home shows the section done, and "Continue" moves on to the next unfinished one.
  await page.getByRole('link', { name: 'Course home' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: RICH.title })).toContainText('Done')
  await expect(page.getByRole('link', { name: /^Continue: / })).toBeVisible()
  await expect(page.getByText(`1 of ${outline.sections.length} sections done`)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // The assessment stays locked until every section is done.
  await page.goto('/course/assessment')
  await expect(page.getByText('The final assessment opens when you have finished every section.')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('answers given offline are kept on the device when the tab is closed, and saved on the next visit', async ({ page, context }) => {
  const { userId } = await signInAs(page.request, { seat: true, label: 'closed-tab' })
  const quiz = quizzes.find(q => q.id === sections[1]!.quizzes[0])!
  await page.goto(`/course/${quiz.section}`)
  await context.setOffline(true)
  const q = quiz.questions[0]!
  const item = page.getByRole('region', { name: quiz.title }).getByRole('listitem').filter({ hasText: q.prompt })
  await answerCorrectly(item, questionById(q.id))
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByText('Your answer is kept on this device.')).toBeVisible()
  await page.close()

  await context.setOffline(false)
  const later = await context.newPage()
  await later.goto('/course')
  await expect(later.getByRole('status').filter({ hasText: /saved/ })).toContainText('All your progress is saved.', { timeout: 30_000 })
  await expect.poll(async () => (await storedFor(userId)).attempts.map(a => a.item_id)).toEqual([q.id])
  await expectNoSeriousA11yViolations(later)
})

test('a visitor reads the outline and the free introduction, and is told how to take the rest', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('link', { name: 'Start the free introduction' }).click()
  await expect(page.getByRole('heading', { level: 1, name: PREVIEW.title })).toBeVisible()
  await expect(page.getByText('The introduction is free to read.')).toBeVisible()
  // The free questions can be tried: marked on the server, not saved.
  const free = quizzes.find(q => q.id === PREVIEW.quizzes[0])!.questions[0]!
  const item = page.getByRole('listitem').filter({ hasText: free.prompt })
  await answerCorrectly(item, questionById(free.id))
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: 'Correct' })).toBeFocused()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Course' }).click()
  await expect(page.getByRole('link', { name: 'Start the free introduction' })).toBeVisible()
  await expect(page.getByRole('listitem').filter({ hasText: RICH.title })).toContainText('Needs a licence')
  await expectNoSeriousA11yViolations(page)

  await page.goto(`/course/${SECTION}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to read this section' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('a learner without a seat is told how to get a licence', async ({ page }) => {
  await signInAs(page.request, { seat: false, label: 'seatless' })
  await page.goto('/course')
  await expect(page.getByRole('link', { name: 'Get a licence' })).toHaveAttribute('href', '/buy')
  await expectNoSeriousA11yViolations(page)
  await page.goto(`/course/${SECTION}`)
  await expect(page.getByRole('heading', { level: 1, name: 'This section needs a licence' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('a learner who gets a quiz question wrong tries again after the feedback, and the page says what is left', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'retry' })
  const section = sections.find((s, i) => i > 0 && s.quizzes.length)!
  const quiz = quizzes.find(q => q.id === section.quizzes[0])!
  const question = quiz.questions.find(q => q.type === 'single' || q.type === 'truefalse')!
  if (question.type !== 'single' && question.type !== 'truefalse') throw new Error('no single-choice question')
  await page.goto(`/course/${section.id}`)
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  await item.getByRole('radio', { name: question.options.find(o => !o.correct)!.text, exact: true }).check()
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^Not quite/ })).toBeFocused()
  const footer = page.getByRole('status').filter({ hasText: 'To finish this section' })
  await expect(footer).toContainText(`the quiz "${quiz.title}"`)

  // "Try again" opens the question afresh, with focus on its first option.
  await item.getByRole('button', { name: 'Try again' }).click()
  await expect(item.getByRole('radio').first()).toBeFocused()
  await answerCorrectly(item, questionById(question.id))
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^Correct/ })).toBeFocused()
  await expect(item.getByRole('button', { name: 'Try again' })).toHaveCount(0)
  await expectNoSeriousA11yViolations(page)
})
