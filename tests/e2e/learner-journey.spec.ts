/**
 * The foster carer's journey on a phone (issue 19, items 1–8): each test would have caught one of the defects
 * a carer met end to end.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { formatPrice } from '../../shared/price-text'
import { priceFor } from '../../shared/pricing'
import { CHOOSE_ALL } from '../../shared/player/prompts'
import type { Question } from '../../server/domain/course-progress/course-types'
import { quizzes, richSection, scenarios, sections } from '../support/course-content'
import { expectNoSeriousA11yViolations } from './axe'
import { signInAs } from './state'

// The price comes from the server's one price rule, as the pages take it.
const ONE_LICENCE = `Get a licence, ${formatPrice(priceFor(1).totalPence)}`
const PREVIEW = sections[0]!

/** Every console message about hydration while `visit` runs. */
async function hydrationWarnings(page: Page, visit: () => Promise<void>) {
  const said: string[] = []
  const listen = (m: { text: () => string }) => {
    if (/hydrat/i.test(m.text())) said.push(m.text())
  }
  page.on('console', listen)
  await visit()
  page.off('console', listen)
  return said
}

/** A "choose all" question in a paid section's quiz, with the section it sits in. */
function chooseAllQuestion() {
  for (const section of sections.slice(1)) {
    for (const quizId of section.quizzes) {
      const q = quizzes.find(x => x.id === quizId)!.questions.find(x => x.type === 'multiple')
      if (q?.type === 'multiple' && q.options.filter(o => o.correct).length >= 2 && q.options.some(o => !o.correct)) return { section, question: q }
    }
  }
  throw new Error('no "choose all" question with two right answers and a wrong one')
}

test('quiz feedback marks the right answers right and a wrong pick wrong, says the answer in words, and keeps the choice visible', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'marking' })
  const { section, question } = chooseAllQuestion()
  await page.goto(`/course/${section.id}`)
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  // Said once, whether or not the author's prompt already says it.
  await expect(item.getByText(CHOOSE_ALL, { exact: false })).toHaveCount(1)

  // One right answer and one wrong one: partly right.
  const right = question.options.filter(o => o.correct)
  const wrong = question.options.find(o => !o.correct)!
  await item.getByRole('checkbox', { name: right[0]!.text, exact: true }).check()
  await item.getByRole('checkbox', { name: wrong.text, exact: true }).check()
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^Partly right/ })).toBeFocused()
  await expect(item.getByTestId('right-answer')).toHaveText(`The right answers are: ${right.map(o => o.text).join('; ')}`)

  // Each right answer is marked right, in words, even the one the learner missed; the wrong pick is marked wrong.
  const rowOf = (text: string) => item.locator('li[data-mark]').filter({ hasText: text })
  for (const o of right) {
    await expect(rowOf(o.text)).toHaveAttribute('data-mark', 'right')
    await expect(rowOf(o.text)).toContainText('Correct answer')
  }
  await expect(rowOf(right[1]!.text)).toContainText('You did not choose this')
  await expect(rowOf(wrong.text)).toHaveAttribute('data-mark', 'wrong')
  await expect(rowOf(wrong.text)).toContainText('Your answer · Not right')
  for (const o of question.options.filter(x => !x.correct && x.id !== wrong.id)) await expect(rowOf(o.text)).toHaveAttribute('data-mark', 'none')

  // The learner's own choices stay plain to see, in words, not only as a greyed-out tick.
  await expect(item.getByText('Your choice', { exact: true })).toHaveCount(2)
  await expectNoSeriousA11yViolations(page)
})

test('a scenario step asks its question once', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'once' })
  const section = richSection()
  const scenario = scenarios.find(s => s.id === section.scenarios[0])!
  await page.goto(`/course/${section.id}`)
  const region = page.getByRole('region', { name: scenario.title })
  const closing = scenario.steps[0]!.text.trim().match(/([^.!?\n]*\?)$/)?.[1]?.trim() ?? 'What do you do?'
  await expect(region.getByRole('group', { name: closing })).toBeVisible()
  await expect(region.getByText(closing, { exact: false })).toHaveCount(1)
})

test('/course says when it cannot load, and loads on "Try again"', async ({ page }) => {
  await page.goto('/')
  let fail = true
  await page.route('**/api/course', route => (fail ? route.fulfill({ status: 503, json: { message: 'The course is resting.' } }) : route.fallback()))
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Course' }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'The course could not be loaded.' })
  await expect(alert).toBeVisible()
  await expect(alert).toContainText('The course is resting.')
  await expectNoSeriousA11yViolations(page)
  fail = false
  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('heading', { name: 'What the course covers' })).toBeVisible()
})

test('course pages hydrate without mismatches', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'hydrate' })
  const section = richSection()
  const said = await hydrationWarnings(page, async () => {
    for (const path of ['/', '/course', `/course/${PREVIEW.id}`, `/course/${section.id}`, '/course/assessment', '/course/aids', '/account']) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    }
  })
  expect(said).toEqual([])
})

test('a smoother start: the price on the first screen, an offer at the end of the introduction, one way to buy when signed in', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('hero-price')).toContainText(formatPrice(priceFor(1).totalPence))
  await expect(page.getByTestId('hero-price')).toBeInViewport()

  // A visitor finishing the free introduction is invited to buy, not walled off.
  await page.goto(`/course/${PREVIEW.id}`)
  const offer = page.getByRole('region', { name: 'Carry on with the whole course' })
  await expect(offer.getByRole('link', { name: ONE_LICENCE })).toHaveAttribute('href', '/buy')
  await expectNoSeriousA11yViolations(page)

  await signInAs(page.request, { seat: false, label: 'newcomer' })
  for (const path of ['/account', '/course']) {
    await page.goto(path)
    await expect(page.getByRole('link', { name: ONE_LICENCE })).toHaveCount(1)
    await expectNoSeriousA11yViolations(page)
  }
  // No SCORM courses to open: no link to an empty page.
  await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'SCORM courses' })).toHaveCount(0)
})

test('a section shows its parts and where the learner is; on a desktop, the course index beside text of a comfortable width', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'index' })
  const section = richSection()
  await page.goto(`/course/${section.id}`)
  await page.locator('summary', { hasText: 'Parts of this section' }).click()
  const parts = page.locator('details').filter({ hasText: 'Parts of this section' })
  await expect(parts.getByRole('link')).toHaveCount(section.headings.length)
  await expect(parts.getByText('You are here')).toHaveCount(1)
  await expectNoSeriousA11yViolations(page)

  await page.setViewportSize({ width: 1280, height: 800 })
  const index = page.getByRole('navigation', { name: 'Course index' })
  await expect(index.getByRole('link', { name: `${sections.findIndex(s => s.id === section.id) + 1}. ${section.title}` })).toHaveAttribute('aria-current', 'page')
  // About 65–75 characters a line: the measure of a paragraph's width in its own font's characters.
  const perLine = await page.locator('.course-prose > p').first().evaluate((p) => {
    const probe = document.createElement('span')
    probe.textContent = 'the quick brown fox jumps over a lazy dog '.repeat(5)
    probe.style.whiteSpace = 'nowrap'
    p.append(probe)
    const perChar = probe.getBoundingClientRect().width / probe.textContent.length
    probe.remove()
    return p.getBoundingClientRect().width / perChar
  })
  expect(perLine).toBeGreaterThan(60)
  expect(perLine).toBeLessThan(80)
  await expectNoSeriousA11yViolations(page)
})

test('"Listen" reads the section text aloud in order with the browser\'s own voice, with pause, resume, stop and speed', async ({ page }) => {
  // A stand-in for speechSynthesis that records what it is asked to say and never finishes on its own.
  await page.addInitScript(() => {
    const log: { text: string, rate: number }[] = []
    const calls: string[] = []
    Object.assign(window, { __speech: { log, calls } })
    class Utterance {
      text: string
      rate = 1
      lang = ''
      onend: null | (() => void) = null
      constructor(text: string) {
        this.text = text
      }
    }
    Object.assign(window, { SpeechSynthesisUtterance: Utterance })
    Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
      speak: (u: Utterance) => { log.push({ text: u.text, rate: u.rate }); calls.push('speak') },
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      cancel: () => calls.push('cancel'),
    } })
  })
  await signInAs(page.request, { seat: true, label: 'listen' })
  const section = richSection()
  await page.goto(`/course/${section.id}`)
  await page.getByRole('button', { name: 'Listen to this section' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Reading aloud' })).toBeVisible()
  // The first block of the section's own text (activities are left out), in page order.
  const first = await page.locator('.course-prose').locator('h2, h3, h4, p, li').filter({ hasNot: page.locator('p, li') }).first().innerText()
  const spoken = () => page.evaluate(() => (window as unknown as { __speech: { log: { text: string, rate: number }[], calls: string[] } }).__speech)
  expect((await spoken()).log[0]!.text).toBe(first.replace(/\s+/g, ' ').trim())

  await page.getByRole('button', { name: 'Pause' }).click()
  // One button starts, pauses and resumes: keyboard focus stays on it.
  await expect(page.getByRole('button', { name: 'Resume' })).toBeFocused()
  await expect(page.getByRole('status').filter({ hasText: 'Paused' })).toBeVisible()
  await page.getByRole('button', { name: 'Resume' }).click()
  await page.getByLabel('Speed').selectOption({ label: '1.5×' })
  expect((await spoken()).log.at(-1)).toEqual({ text: first.replace(/\s+/g, ' ').trim(), rate: 1.5 })
  await page.getByRole('button', { name: 'Stop' }).click()
  await expect(page.getByRole('button', { name: 'Listen to this section' })).toBeFocused()
  expect((await spoken()).calls).toEqual(expect.arrayContaining(['speak', 'pause', 'resume', 'cancel']))
  // Quizzes and scenarios are for doing: their text is not read out.
  const question: Question = quizzes.find(q => q.id === section.quizzes[0])!.questions[0]!
  expect((await spoken()).log.some(u => u.text.includes(question.prompt))).toBe(false)
  await expectNoSeriousA11yViolations(page)
})

test('without speech synthesis there is no "Listen" button', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true })
  })
  await signInAs(page.request, { seat: true, label: 'nolisten' })
  await page.goto(`/course/${richSection().id}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Listen to this section' })).toHaveCount(0)
})

test('course progress says one thing: sections done', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'measure' })
  await page.goto('/course')
  const bar = page.getByRole('progressbar', { name: 'Course progress' })
  await expect(bar).toHaveAttribute('aria-valuetext', `0 of ${sections.length} sections done`)
  await expect(page.getByText(/sections done \(\d+%\)/)).toHaveCount(0)
})

test('with the keyboard alone, a learner tabs into a quiz further down, picks an answer and checks it', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'keyboard-quiz' })
  const section = richSection()
  const question = section.quizList[0]!.questions.find(q => q.type === 'single' || q.type === 'truefalse')!
  await page.goto(`/course/${section.id}`)
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  const radios = item.getByRole('radio')
  // Tab through the page until focus reaches the question's choices: the quiz takes over as focus arrives.
  const inChoices = () => radios.first().evaluate(r => document.activeElement?.getAttribute('name') === r.getAttribute('name'))
  for (let presses = 0; presses < 300 && !await inChoices(); presses++) await page.keyboard.press('Tab')
  expect(await inChoices()).toBe(true)
  await page.keyboard.press('Space')
  await expect(radios.first()).toBeChecked()
  await page.keyboard.press('ArrowDown')
  await expect(radios.nth(1)).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(item.getByRole('button', { name: 'Check my answer' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(item.getByRole('heading', { name: /^(Correct|Not quite)$/ })).toBeFocused()
})

test('a section that could not be loaded works in full once "Try again" loads it: answers are marked and saved', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'section-retry' })
  const section = richSection()
  const question = section.quizList[0]!.questions.find(q => q.type === 'single' || q.type === 'truefalse')!
  await page.goto('/course')
  // The learner follows a link to the section while the connection drops its answer (a phone between masts).
  let fail = true
  await page.route(`**/api/course/sections/${section.id}`, route => (fail ? route.fulfill({ status: 503, json: { message: 'The course is resting.' } }) : route.fallback()))
  await page.getByRole('link', { name: section.title }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'This section could not be loaded.' })
  await expect(alert).toBeVisible()
  fail = false
  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('heading', { level: 1, name: section.title })).toBeVisible()

  // The section now works as if it had loaded first time: its quiz marks the answer and saves it.
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  await item.getByRole('radio').first().check()
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^(Correct|Not quite)$/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'All your progress is saved.' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('listitem').filter({ hasText: question.prompt }).getByRole('heading', { name: /^(Correct|Not quite)$/ })).toBeVisible()
})

test('what a learner does before the page\'s scripts have run is kept: the answer chosen is the one marked, the reflection typed is saved', async ({ page }) => {
  await signInAs(page.request, { seat: true, label: 'before-scripts' })
  const section = richSection()
  const question = section.quizList[0]!.questions.find(q => q.type === 'single' || q.type === 'truefalse')!
  // A slow phone: the server's page is on screen and usable while its scripts are still on the way.
  let release!: () => void
  const scriptsArrive = new Promise<void>((resolve) => { release = resolve })
  await page.route(url => url.pathname.startsWith('/_nuxt/') && url.pathname.endsWith('.js'), async (route) => {
    await scriptsArrive
    await route.fallback()
  })
  // Not awaited yet: the fixture's goto returns once the page has hydrated.
  const loaded = page.goto(`/course/${section.id}`, { waitUntil: 'commit' })
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  const choice = item.getByRole('radio').nth(1)
  // A change of mind: the first answer, then another.
  await item.getByRole('radio').first().check()
  await choice.check()
  const reflection = page.getByRole('textbox', { name: /Reflection: private to you/ }).first()
  await reflection.fill('Written while the page was still loading.')
  // Back at the top as the scripts arrive: the quiz takes over only when the learner comes back to it.
  await page.evaluate(() => window.scrollTo(0, 0))
  await expect(item).not.toBeInViewport()

  release()
  await loaded
  await item.scrollIntoViewIfNeeded()
  await expect(choice).toBeChecked()
  await expect(reflection).toHaveValue('Written while the page was still loading.')
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^(Correct|Not quite)$/ })).toBeVisible()
  await expect(item.getByText('Your choice', { exact: true })).toHaveCount(1)
  // The reflection is saved as the learner pauses typing, which for them was before the page could save anything.
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'All your progress is saved.' })).toBeVisible()

  await page.reload()
  await expect(page.getByRole('textbox', { name: /Reflection: private to you/ }).first()).toHaveValue('Written while the page was still loading.')
  const answered = page.getByRole('listitem').filter({ hasText: question.prompt })
  await expect(answered.getByRole('heading', { name: /^(Correct|Not quite)$/ })).toBeVisible()
  await expect(answered.getByRole('radio').nth(1)).toBeChecked()
})
