import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Scenario } from '../../server/domain/course-progress/course-types'
import { endingFor } from '../../server/domain/course-progress/scenarios'
import { firstChoicePath, pool, questionById, quizzes, scenarios, sections } from '../support/course-content'
import { readPdf } from '../support/pdf'
import { answerCorrectly } from './answer'
import { signInAs } from './state'

const poolQuestions = pool.flatMap(p => p.questions)

/**
 * The learner reads on for `minutes`: each minute passes on the page's clock (Playwright's fake timers, so
 * the player counts it as active time after a key press) and on the server's test clock, which is the only
 * clock that decides how much is credited. Shift is pressed, not an arrow key, so a focused radio keeps its choice.
 */
async function readFor(page: Page, minutes: number) {
  for (let i = 0; i < minutes; i++) {
    const moved = await page.request.post('/api/test/clock', { data: { advanceSeconds: 60 }, headers: { origin: new URL(page.url()).origin } })
    expect(moved.ok(), await moved.text()).toBe(true)
    await page.keyboard.press('Shift')
    await page.clock.runFor(60_000)
  }
}

/** Plays a scenario to an ending through the page, always taking the first choice. */
async function playToAnEnding(page: Page, scenario: Scenario) {
  const region = page.getByRole('region', { name: scenario.title })
  const path = firstChoicePath(scenario.id)
  for (const { stepId, choiceId } of path) {
    const choice = scenario.steps.find(s => s.id === stepId)!.choices.find(c => c.id === choiceId)!
    await region.getByRole('radio', { name: choice.text, exact: true }).check()
    await region.getByRole('button', { name: 'Confirm my choice' }).click()
    await region.getByRole('button', { name: 'Continue' }).click()
  }
  await expect(region.getByRole('heading', { name: `The end: ${endingFor(scenario, path).title}` })).toBeVisible()
}

test('a learner with a licence reads every section at a normal pace, passes the assessment and downloads the certificate', async ({ page }) => {
  // Nine sections, about 95 minutes of reading on the fake clocks, and the assessment: far longer than most journeys.
  test.setTimeout(8 * 60_000)
  await page.clock.install()
  await signInAs(page.request, { seat: true, label: 'whole-course' })
  const outline = await (await page.request.get('/api/course')).json() as { sections: { id: string, title: string, minutes: number }[] }
  expect(outline.sections.map(s => s.id)).toEqual(sections.map(s => s.id))

  for (const [index, section] of sections.entries()) {
    await page.goto(`/course/${section.id}`)
    await expect(page.getByRole('heading', { level: 1, name: section.title })).toBeVisible()

    // Reading at the pace the course states for the section.
    await readFor(page, outline.sections[index]!.minutes)

    for (const scenario of section.scenarios.map(id => scenarios.find(s => s.id === id)!)) await playToAnEnding(page, scenario)

    for (const quiz of section.quizzes.map(id => quizzes.find(q => q.id === id)!)) {
      const region = page.getByRole('region', { name: quiz.title })
      for (const q of quiz.questions) {
        const item = region.getByRole('listitem').filter({ hasText: q.prompt })
        await answerCorrectly(item, questionById(q.id))
        await item.getByRole('button', { name: 'Check my answer' }).click()
        await expect(item.getByRole('heading', { name: /^Correct/ })).toBeVisible()
      }
    }

    // On to the end of the section, where the page says it is done once the server agrees.
    await page.getByRole('navigation', { name: 'Sections' }).scrollIntoViewIfNeeded()
    await expect(page.getByText('You have finished this section.')).toBeVisible({ timeout: 15_000 })
  }

  // The course home shows every section done and opens the final assessment.
  await page.goto('/course')
  const n = sections.length
  await expect(page.getByText(`${n} of ${n} sections done`)).toBeVisible()
  for (const section of sections) await expect(page.getByRole('listitem').filter({ hasText: section.title }).first()).toContainText('Done')

  await page.getByRole('link', { name: 'Go to the final assessment' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Final assessment' })).toBeVisible()
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await expect(page.getByRole('heading', { name: /^Attempt 1: \d+ questions$/ })).toBeVisible()
  const items = page.locator('li[id^="question-"]')
  for (let i = 0; i < await items.count(); i++) {
    const item = items.nth(i)
    const text = await item.getByRole('group').first().innerText()
    const question = poolQuestions.find(q => text.includes(q.prompt))
    expect(question, `question ${i + 1} is from the pool`).toBeTruthy()
    await answerCorrectly(item, question!)
  }
  await page.getByRole('button', { name: 'Submit my answers' }).click()
  await expect(page.getByRole('heading', { name: 'You passed with 100%' })).toBeVisible()

  // The certificate comes straight from the result, in the learner's name.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download your certificate (PDF)' }).click(),
  ])
  const pdf = await readPdf(await readFile((await download.path())!))
  expect(pdf.text).toContain('Test whole-course')
  expect(pdf.text).toContain('Children Missing from Care')

  await page.getByRole('link', { name: 'Course home' }).click()
  await expect(page.getByText(/You completed the course on \d{1,2} \w+ \d{4}\./)).toBeVisible()
  await expect(page.getByRole('listitem').filter({ hasText: 'Final assessment' })).toContainText('Passed (100%)')
  await expect(page.getByRole('link', { name: 'Download your certificate (PDF)' })).toBeVisible()
})
