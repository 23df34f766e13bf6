import { expect, test } from './fixtures'
import { firstChoicePath, questionById, richSection } from '../support/course-content'
import { answerCorrectly } from './answer'
import { expectNoSeriousA11yViolations } from './axe'
import { e2eSql, signInAs } from './state'

/**
 * A learner's browser offline for several minutes, across a reload. The site is not an offline app (no
 * service worker), so the reload itself fails while offline; what must survive is the save queue the
 * player keeps in localStorage. Playwright's clock moves the page's time on by minutes, so the queue's
 * retry and backoff timers run as they would, without the test waiting for them.
 */
const SECTION = richSection()
const NOTE = 'Written on the train with no signal: call the police as soon as she is missing.'

async function stored(userId: string) {
  const sql = e2eSql()
  const attempts = await sql<{ activity_id: string, item_id: string }[]>`
    select a.activity_id, a.item_id from activity_attempts a join enrolments e on e.id = a.enrolment_id where e.user_id = ${userId}`
  const notes = await sql<{ text: string }[]>`select r.text from reflections r join enrolments e on e.id = r.enrolment_id where e.user_id = ${userId}`
  const [progress] = await sql<{ last_anchor: string | null }[]>`
    select p.last_anchor from section_progress p join enrolments e on e.id = p.enrolment_id where e.user_id = ${userId} and p.section_id = ${SECTION.id}`
  const [enrolment] = await sql<{ last_position: { anchor?: string } | null }[]>`select last_position from enrolments where user_id = ${userId}`
  return { attempts, notes: notes.map(n => n.text), anchor: progress?.last_anchor ?? null, position: enrolment?.last_position?.anchor ?? null }
}

test('a learner offline for several minutes, across a failed reload, loses nothing', async ({ page, context }) => {
  const { userId } = await signInAs(page.request, { seat: true, label: 'offline' })
  await page.clock.install()
  await page.goto(`/course/${SECTION.id}`)
  await expect(page.getByRole('heading', { level: 1, name: SECTION.title })).toBeVisible()
  const status = page.getByRole('status').filter({ hasText: /offline|saved|Saving/ })

  // Online: the learner reads on to a part of the section, and that position is saved.
  const headingAt = async (index: number) => {
    const heading = page.getByRole('heading', { level: 2, name: SECTION.headings[index]!, exact: true })
    await heading.evaluate(h => h.scrollIntoView({ block: 'start' }))
    return (await heading.getAttribute('id'))!
  }
  const first = await headingAt(0)
  await expect.poll(async () => (await stored(userId)).anchor, { timeout: 15_000 }).toBe(first)

  // Offline: an answer, a reflection, and further down the page.
  await context.setOffline(true)
  await expect(status).toContainText('You are offline')
  const quiz = SECTION.quizList[0]!
  const q = quiz.questions[0]!
  const item = page.getByRole('listitem').filter({ hasText: q.prompt })
  await answerCorrectly(item, questionById(q.id))
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByText('Your answer is kept on this device.')).toBeVisible()
  const reflection = page.getByRole('textbox', { name: /Reflection: private to you/ }).first()
  await reflection.fill(NOTE)
  await reflection.blur()
  const later = await headingAt(SECTION.headings.length - 1)
  await expect(page).toHaveURL(new RegExp(`#${later}$`))

  // Several minutes pass with no signal: the queue's retries come and go, and everything stays on the device.
  await page.clock.fastForward('02:00')
  await page.clock.fastForward('03:00')
  await expect(status).toContainText(/You are offline\. \d+ changes? (is|are) kept on this device/)
  const kept = await page.evaluate(id => JSON.parse(localStorage.getItem(`cmfc:progress-queue:v1:${id}`) ?? '[]') as { type: string, anchor?: string, text?: string }[], userId)
  expect(kept.map(e => e.type)).toEqual(expect.arrayContaining(['answer', 'reflection', 'position']))
  expect(kept.find(e => e.type === 'reflection')?.text).toBe(NOTE)
  expect(kept.filter(e => e.type === 'position').at(-1)?.anchor).toBe(later)
  expect(await stored(userId)).toMatchObject({ attempts: [], notes: [], anchor: first })
  await expectNoSeriousA11yViolations(page)

  // A reload with no signal fails (this is not an offline app), and the page is gone.
  await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/)

  // The signal is back: the next visit sends what the device kept, and the page shows it.
  await context.setOffline(false)
  await page.goto(`/course/${SECTION.id}`)
  await expect(status).toContainText('All your progress is saved.', { timeout: 30_000 })
  await expect.poll(async () => stored(userId), { timeout: 15_000 }).toMatchObject({
    attempts: [{ activity_id: quiz.id, item_id: q.id }],
    notes: [NOTE],
    anchor: later,
    position: later,
  })
  // The quiz takes over from the server's HTML as the learner comes to it (utils/hydrateWhenSeenOrUsed.ts).
  const answered = page.getByRole('listitem').filter({ hasText: q.prompt })
  await answered.scrollIntoViewIfNeeded()
  await expect(answered.getByRole('heading', { name: 'Correct' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: /Reflection: private to you/ }).first()).toHaveValue(NOTE)
  expect(await page.evaluate(id => JSON.parse(localStorage.getItem(`cmfc:progress-queue:v1:${id}`) ?? '[]').length, userId)).toBe(0)
  await expectNoSeriousA11yViolations(page)
})

test('an answer and a scenario choice made offline are shown answered on the next visit, once saved', async ({ page, context }) => {
  const { userId } = await signInAs(page.request, { seat: true, label: 'next-visit' })
  const quiz = SECTION.quizList[0]!
  const q = quiz.questions[0]!
  const scenario = SECTION.scenarioList[0]!
  const [first] = firstChoicePath(scenario.id)
  const choice = scenario.steps.find(s => s.id === first!.stepId)!.choices.find(c => c.id === first!.choiceId)!
  await page.goto(`/course/${SECTION.id}`)
  await context.setOffline(true)
  const item = page.getByRole('listitem').filter({ hasText: q.prompt })
  await answerCorrectly(item, questionById(q.id))
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByText('Your answer is kept on this device.')).toBeVisible()
  const region = page.getByRole('region', { name: scenario.title })
  await region.getByRole('radio', { name: choice.text, exact: true }).check()
  await region.getByRole('button', { name: 'Confirm my choice' }).click()
  await expect(region.getByText('Your choice is kept on this device.')).toBeVisible()
  await page.close()
  await context.setOffline(false)

  // The next visit sends both as the page opens. The quiz and the scenario further down were rendered by
  // the server before that, and take over as the learner comes to them: by then they are answered.
  const later = await context.newPage()
  await later.goto(`/course/${SECTION.id}`)
  await expect(later.getByRole('status').filter({ hasText: /saved/ })).toContainText('All your progress is saved.', { timeout: 30_000 })
  await expect.poll(async () => (await stored(userId)).attempts.map(a => a.item_id).sort()).toEqual([q.id, first!.stepId].sort())
  const marked = later.getByRole('listitem').filter({ hasText: q.prompt })
  await marked.scrollIntoViewIfNeeded()
  await expect(marked.getByRole('heading', { name: 'Correct' })).toBeVisible()
  await expect(marked.getByRole('button', { name: 'Check my answer' })).toHaveCount(0)
  for (const control of await marked.getByRole('button', { name: /^Move / }).all()) await expect(control).toBeDisabled()
  const played = later.getByRole('region', { name: scenario.title })
  await played.scrollIntoViewIfNeeded()
  await expect(played.getByRole('heading', { name: 'What happened' })).toBeVisible()
  await expect(played.getByText(choice.feedback.trim().slice(0, 60))).toBeVisible()
  await expect(played.getByRole('button', { name: 'Continue' })).toBeVisible()
  await expectNoSeriousA11yViolations(later)
})
