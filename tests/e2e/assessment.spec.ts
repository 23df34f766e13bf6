import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { course, pool } from '../support/course-content'
import { readPdf } from '../support/pdf'
import { answerCorrectly, answerWrongly } from './answer'
import { expectNoSeriousA11yViolations } from './axe'
import { e2eSql, signInAs } from './state'

const poolQuestions = pool.flatMap(p => p.questions)

/** Every section done, straight in the database: the section journey has its own test. */
async function completeEverySection(userId: string, sectionIds: string[]) {
  const sql = e2eSql()
  // Reading pages changes nothing (GETs never enrol), so the enrolment a first save would make is made here.
  await sql`insert into enrolments (user_id, course_version) values (${userId}, ${course.version}) on conflict do nothing`
  const [enrolment] = await sql<{ id: string }[]>`select id from enrolments where user_id = ${userId}`
  for (const id of sectionIds) {
    await sql`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${enrolment!.id}, ${id}, 'completed', true, now())`
  }
}

test('a learner who has done every section passes the final assessment and sees the course complete', async ({ page }) => {
  // Fifteen questions answered one control at a time on a phone-sized page: longer than most journeys.
  test.slow()
  const { userId } = await signInAs(page.request, { seat: true, label: 'assessment' })
  await page.goto('/course')
  const outline = await (await page.request.get('/api/course')).json() as { sections: { id: string }[] }
  await completeEverySection(userId, outline.sections.map(s => s.id))
  await page.reload()
  const n = outline.sections.length
  await expect(page.getByText(`${n} of ${n} sections done`)).toBeVisible()

  await page.getByRole('link', { name: 'Go to the final assessment' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Final assessment' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await expect(page.getByRole('heading', { name: /^Attempt 1: \d+ questions$/ })).toBeFocused()

  // Submitting with questions unanswered says which, and moves focus to the message.
  await page.getByRole('button', { name: 'Submit my answers' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Answer every question before you submit' })).toBeFocused()
  await expectNoSeriousA11yViolations(page)

  const items = page.locator('li[id^="question-"]')
  const count = await items.count()
  expect(count).toBe(Math.min(course.assessment.drawCount, new Set(poolQuestions.map(q => q.id)).size))
  for (let i = 0; i < count; i++) {
    const item = items.nth(i)
    const text = await item.getByRole('group').first().innerText()
    const question = poolQuestions.find(q => text.includes(q.prompt))
    expect(question, `question ${i + 1} is from the pool`).toBeTruthy()
    await answerCorrectly(item, question!)
  }
  // Answers are kept on the device: a reload (which resumes the same attempt) keeps them.
  await page.reload()
  await page.getByRole('button', { name: 'Continue the assessment' }).click()
  await expect(page.locator('li[id^="question-"] input:checked').first()).toBeVisible()

  await page.getByRole('button', { name: 'Submit my answers' }).click()
  await expect(page.getByRole('heading', { name: 'You passed with 100%' })).toBeFocused()
  await expect(page.getByText(/You completed the course on \d{1,2} \w+ \d{4}\. Well done\./)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  const [enrolment] = await e2eSql()<{ completed_at: Date | null }[]>`select completed_at from enrolments where user_id = ${userId}`
  expect(enrolment!.completed_at).not.toBeNull()

  // The certificate is issued with the completion: the learner downloads it from the result straight away.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download your certificate (PDF)' }).click(),
  ])
  const pdf = await readPdf(await readFile((await download.path())!))
  expect(pdf.text).toContain('Test assessment')
  expect(pdf.text).toContain('Children Missing from Care')

  await page.getByRole('link', { name: 'Course home' }).click()
  await expect(page.getByText(/You completed the course on \d{1,2} \w+ \d{4}\./)).toBeVisible()
  await expect(page.getByRole('listitem').filter({ hasText: 'Final assessment' })).toContainText('Passed (100%)')
  await expect(page.getByRole('link', { name: 'Download your certificate (PDF)' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('a failed attempt says which answers were not right and where to read again, never the keyed answer, and when the next attempt opens', async ({ page }) => {
  test.slow()
  const { userId } = await signInAs(page.request, { seat: true, label: 'assessment-fail' })
  await page.goto('/course')
  const outline = await (await page.request.get('/api/course')).json() as { sections: { id: string, title: string }[] }
  await completeEverySection(userId, outline.sections.map(s => s.id))
  await page.goto('/course/assessment')
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await expect(page.getByRole('heading', { name: /^Attempt 1: \d+ questions$/ })).toBeFocused()

  const items = page.locator('li[id^="question-"]')
  const drawn = []
  for (let i = 0; i < await items.count(); i++) {
    const text = await items.nth(i).getByRole('group').first().innerText()
    const question = poolQuestions.find(q => text.includes(q.prompt))!
    drawn.push(question)
    await answerWrongly(items.nth(i), question)
  }
  await page.getByRole('button', { name: 'Submit my answers' }).click()
  await expect(page.getByRole('heading', { name: /^You scored \d+%: not a pass this time$/ })).toBeFocused()

  // Each question: its verdict, the point and the section to read again; no option marked as the answer.
  const review = page.getByRole('listitem').filter({ hasText: 'Read again:' })
  await expect(review).toHaveCount(drawn.length)
  await expect(page.getByText('Not right', { exact: true }).first()).toBeVisible()
  await expect(page.getByText('Correct answer')).toHaveCount(0)
  const body = await page.locator('main').innerText()
  for (const q of drawn) {
    for (const part of 'options' in q ? q.options : 'items' in q ? q.items : q.pairs) expect(body).not.toContain(part.feedback.trim().slice(0, 60))
  }
  await expect(review.first().getByRole('link')).toHaveAttribute('href', /^\/course\//)

  // No retry yet: the page says plainly what the next attempt waits for.
  await expect(page.getByRole('button', { name: 'Try again with new questions' })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Before your next attempt' })).toBeVisible()
  await expect(page.getByText(/Your next attempt opens once you have spent about 5 more minutes in the sections? of the questions you missed/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Before your next attempt' })).toBeVisible()
  await expect(page.getByRole('button', { name: /Try again|Start the assessment/ })).toHaveCount(0)
})
