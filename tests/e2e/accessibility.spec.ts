import { expect, test } from './fixtures'
import { quizzes, richSection, sections } from '../support/course-content'
import { expectNoSeriousA11yViolations } from './axe'
import { signInAs } from './state'

const RICH = richSection()

test('the course pages reflow at 320 px wide, as at 400 % zoom, with nothing to scroll sideways', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'reflow' })
  // A 1280 × 1024 window at 400 % zoom is 320 × 256 CSS pixels.
  await page.setViewportSize({ width: 320, height: 256 })
  for (const path of ['/course', `/course/${RICH.id}`, '/course/assessment']) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0)
    await expectNoSeriousA11yViolations(page)
  }
})

test('a quiz question, ordering included, can be answered with the keyboard alone', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'keyboard' })
  const quiz = quizzes.find(q => q.questions.some(x => x.type === 'ordering') && sections.some(s => s.quizzes.includes(q.id)))!
  const ordering = quiz.questions.find(x => x.type === 'ordering')!
  if (ordering.type !== 'ordering') throw new Error('not an ordering question')
  await page.goto(`/course/${quiz.section}`)
  const item = page.getByRole('listitem').filter({ hasText: ordering.prompt })
  const items = item.getByRole('listitem')
  const first = (await items.first().innerText()).trim()
  const firstText = ordering.items.find(i => first.includes(i.text))!.text

  // Move the first item down with Enter: it moves, the move is announced, and focus stays on it.
  await item.getByRole('button', { name: `Move “${firstText}” down` }).focus()
  await page.keyboard.press('Enter')
  await expect(items.nth(1)).toContainText(firstText)
  await expect(item.getByText(`"${firstText}" moved to position 2 of ${ordering.items.length}.`)).toBeAttached()
  await expect(item.getByRole('button', { name: `Move “${firstText}” down` })).toBeFocused()

  // Tab on to the check button and press it: the feedback takes focus.
  await page.keyboard.press('Shift+Tab')
  await expect(item.getByRole('button', { name: `Move “${firstText}” up` })).toBeFocused()
  await item.getByRole('button', { name: 'Check my answer' }).focus()
  await page.keyboard.press('Enter')
  await expect(item.getByRole('heading', { name: /^(Correct|Partly right|Not quite)/ })).toBeFocused()
  await expect(item.getByText('The right answer is this order:')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})
