import { request as apiRequest, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { quizzes, richSection, sections } from '../support/course-content'
import { readPdf } from '../support/pdf'
import { generateCertificateCode } from '../../shared/certificate-code'
import { expect, test, waitForApp } from './fixtures'
import { e2eSql, signInAs } from './state'
import { headingOutline, headingProblems, tabThrough, undersizedTargets, unnamedControls } from './wcag'

/**
 * WCAG 2.2 AA criteria that axe cannot judge (issue 24), on every kind of page, at 320 px wide (400 % zoom)
 * and at desktop width. One signed-in person is training lead, learner and admin at once, so each kind of page
 * is visited once per width. Assertions are about structure and behaviour, never the course's wording.
 */

const origin = `http://localhost:${process.env.E2E_PORT ?? '3199'}`
const RICH = richSection()
const WIDTHS = [
  { name: '320 px', viewport: { width: 320, height: 640 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
] as const
const HELP_LINKS = ['Where to get help', 'Glossary', 'Sources', 'Accessibility statement', 'Software licences (plain text)']

let member: BrowserContext
let visitor: BrowserContext
let orgId: string

/**
 * The signed-in person: a seat, every section done (so the assessment opens), training lead of an organisation
 * with a learner who has finished (so the dashboard draws both charts), and an admin.
 */
async function setUp(browser: Browser) {
  member = await browser.newContext({ baseURL: origin })
  visitor = await browser.newContext({ baseURL: origin })
  const { userId } = await signInAs(member.request, { label: 'wcag', admin: true, seat: true })
  const sql = e2eSql()
  const { version } = await (await member.request.get('/api/course')).json() as { version: number }
  const [seat] = await sql<{ id: string }[]>`select id from seats where assigned_user_id = ${userId}`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id) values (${userId}, ${version}, ${seat!.id}) returning id`
  for (const s of sections) {
    await sql`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${enrolment!.id}, ${s.id}, 'completed', true, now())`
  }
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values ('Eastshire Council, Children''s Services') returning id`
  orgId = org!.id
  await sql`insert into memberships (organisation_id, user_id, role) values (${orgId}, ${userId}, 'manager')`
  await sql`insert into seats (organisation_id, status) values (${orgId}, 'available'), (${orgId}, 'available')`
  const other = await apiRequest.newContext({ baseURL: origin })
  const learner = await signInAs(other, { label: 'wcag-learner' })
  await other.dispose()
  const [learnerSeat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id, invited_email) values (${orgId}, 'assigned', ${learner.userId}, ${learner.email.toLowerCase()}) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${orgId}, ${learner.userId}, 'learner')`
  await sql`insert into enrolments (user_id, course_version, seat_id, completed_at) values (${learner.userId}, ${version}, ${learnerSeat!.id}, now() - interval '20 days')`
}

test.beforeAll(async ({ browser }) => {
  await setUp(browser)
})

test.afterAll(async () => {
  await member?.close()
  await visitor?.close()
})

/** A learner with a seat and nothing answered yet, for a test that answers questions (answers stay answered). */
async function freshLearner(browser: Browser, label: string) {
  const context = await browser.newContext({ baseURL: origin })
  await signInAs(context.request, { label, seat: true })
  return context
}

async function open(context: BrowserContext, path: string, viewport: { width: number, height: number }) {
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  await page.goto(path)
  await waitForApp(page)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  return page
}

/** A page's state to check: where it is, and what to do there first. */
interface PageState { path: string, who: 'visitor' | 'member' | 'new learner', prepare?: (page: Page) => Promise<void> }

/** One of each kind of page. */
function pageStates(): PageState[] {
  return [
    { who: 'visitor', path: '/' },
    { who: 'visitor', path: '/sign-in' },
    { who: 'visitor', path: '/sign-up' },
    { who: 'visitor', path: '/forgot-password' },
    { who: 'visitor', path: '/accessibility' },
    { who: 'visitor', path: '/glossary' },
    { who: 'visitor', path: '/verify' },
    { who: 'member', path: '/course' },
    { who: 'member', path: `/course/${RICH.id}` },
    {
      // The save banner sticks to the bottom of the screen while offline: it must not cover the focused control.
      who: 'new learner',
      path: `/course/${RICH.id}`,
      prepare: async (page) => {
        await page.context().setOffline(true)
        await answerFirstQuestion(page)
        await expect(page.getByRole('status').filter({ hasText: /offline/i })).toBeVisible()
      },
    },
    {
      who: 'member',
      path: '/course/assessment',
      prepare: async (page) => {
        await page.getByRole('button', { name: /assessment|new questions/i }).click()
        await expect(page.getByRole('heading', { level: 2, name: /^Attempt/ })).toBeFocused()
      },
    },
    { who: 'member', path: '/account' },
    { who: 'member', path: '/buy' },
    { who: 'member', path: '/orders' },
    { who: 'member', path: '/scorm' },
    { who: 'member', path: '/org' },
    { who: 'member', path: '/admin' },
  ]
}

/**
 * The first unanswered quiz question on the page that takes one choice (radio buttons), pinned by its prompt
 * so the locator still finds it once it is answered.
 */
async function quizQuestion(page: Page) {
  const open = page.locator('div:has(> fieldset)')
    .filter({ has: page.getByRole('button', { name: 'Check my answer' }) })
    .filter({ has: page.getByRole('radio') })
    .first()
  const prompt = (await open.locator('legend').innerText()).split('\n').pop()!.trim()
  return page.locator('div:has(> fieldset)').filter({ has: page.locator('legend', { hasText: prompt }) }).first()
}

/** Answers the section's first single-answer question with its first option. */
async function answerFirstQuestion(page: Page) {
  const question = await quizQuestion(page)
  await question.getByRole('radio').first().check()
  await question.getByRole('button', { name: 'Check my answer' }).click()
}

for (const { name, viewport } of WIDTHS) {
  test(`at ${name}, on every kind of page: focus is never hidden, every target is big enough, help is in the same place`, async ({ browser }) => {
    test.setTimeout(300_000)
    const report: string[] = []
    const states = [...pageStates(), { who: 'member' as const, path: `/org/${orgId}` }, { who: 'member' as const, path: `/org/${orgId}/invite` }]
    for (const state of states) {
      const context = state.who === 'member' ? member : state.who === 'visitor' ? visitor : await freshLearner(browser, 'wcag-offline')
      const page = await open(context, state.path, viewport)
      try {
        await state.prepare?.(page)
        const where = `${state.path}${state.prepare ? ' (after acting)' : ''}`
        // 2.5.8
        for (const p of await undersizedTargets(page)) report.push(`${where}: 2.5.8 ${p}`)
        // 2.4.11 and 2.4.7
        const { stops, problems } = await tabThrough(page)
        expect(stops, `${where}: nothing to tab to`).toBeGreaterThan(3)
        for (const p of problems) report.push(`${where}: 2.4.11 ${p}`)
        // 3.2.6: the help links sit in the footer, after the page's content, in the same order on every page.
        const help = page.getByRole('contentinfo').getByRole('navigation', { name: 'Course information' }).getByRole('link')
        expect(await help.allInnerTexts(), `${where}: help links`).toEqual(HELP_LINKS)
        // 2.4.2 and 3.1.1: every page has its own title and says it is in UK English.
        expect(await page.title(), `${where}: title`).toMatch(/^\S.* · Children Missing from Care$|^Children Missing from Care/)
        await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB')
        // 2.5.7: nothing can be dragged.
        expect(await page.locator('[draggable="true"]').count(), `${where}: draggable elements`).toBe(0)
      }
      finally {
        await page.context().setOffline(false)
        await page.close()
        if (context !== member && context !== visitor) await context.close()
      }
    }
    expect(report).toEqual([])
  })
}

test('in Windows high contrast mode, quiz and scenario state, progress, charts and focus stay visible', async ({ browser }) => {
  test.setTimeout(120_000)
  const viewport = WIDTHS[1].viewport
  const paint = async (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => {
    const s = getComputedStyle(el)
    const parent = getComputedStyle(el.parentElement!)
    return { fill: s.backgroundColor, behind: parent.backgroundColor, border: s.borderTopWidth, adjust: s.forcedColorAdjust }
  })
  const visibleBar = (p: { fill: string, behind: string, border: string }) => p.fill !== p.behind || parseFloat(p.border) > 0

  // Progress on the course home.
  let page = await open(member, '/course', viewport)
  await page.emulateMedia({ forcedColors: 'active' })
  expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true)
  const bar = await paint(page, '[data-progress-fill]')
  expect(visibleBar(bar), `progress bar fill ${JSON.stringify(bar)}`).toBe(true)
  // Each section's state is a word beside its icon, not a colour.
  await expect(page.getByRole('main').getByText('Done', { exact: true }).first()).toBeVisible()
  const { problems } = await tabThrough(page, { forced: true, limit: 25 })
  expect(problems).toEqual([])
  await page.close()

  // Form fields, whose focus ring is a box-shadow that high contrast mode drops.
  page = await open(visitor, '/sign-in', viewport)
  await page.emulateMedia({ forcedColors: 'active' })
  expect((await tabThrough(page, { forced: true })).problems).toEqual([])
  await page.close()

  // A quiz answered and a scenario choice made on a section page.
  const learner = await freshLearner(browser, 'wcag-contrast')
  page = await open(learner, `/course/${RICH.id}`, viewport)
  await page.emulateMedia({ forcedColors: 'active' })
  const question = await quizQuestion(page)
  await question.getByRole('radio').first().check()
  // The chosen option is shown by the native radio button itself, which high contrast mode always draws.
  const radio = await question.getByRole('radio').first().evaluate(el => ({ appearance: getComputedStyle(el).appearance, opacity: getComputedStyle(el).opacity, width: el.getBoundingClientRect().width }))
  expect(radio.appearance).not.toBe('none')
  expect(Number(radio.opacity)).toBe(1)
  expect(radio.width).toBeGreaterThanOrEqual(16)
  await question.getByRole('button', { name: 'Check my answer' }).click()
  const verdict = question.getByRole('heading', { name: /^(Correct|Partly right|Not quite)/ })
  await expect(verdict).toBeFocused()
  // The verdict is words and an icon drawn in the text colour.
  expect(await verdict.locator('svg').evaluate(el => getComputedStyle(el).stroke)).not.toBe('none')
  expect(await verdict.evaluate(el => getComputedStyle(el).outlineStyle)).not.toBe('none')
  const scenario = page.getByRole('region').filter({ hasText: 'Scenario' }).first()
  const begin = scenario.getByRole('button', { name: 'Continue' })
  if (await begin.isVisible()) await begin.click()
  await scenario.getByRole('radio').first().check()
  await scenario.getByRole('button', { name: 'Confirm my choice' }).click()
  const happened = scenario.getByRole('heading', { name: 'What happened' })
  await expect(happened).toBeFocused()
  await expect(scenario.getByText(/^\s*(A good choice|Partly right|Not the best choice)\s*$/).first()).toBeVisible()
  const sectionBar = await paint(page, '[data-progress-fill]')
  expect(visibleBar(sectionBar), `section progress fill ${JSON.stringify(sectionBar)}`).toBe(true)
  await learner.close()

  // The dashboard's charts.
  page = await open(member, `/org/${orgId}`, viewport)
  await page.emulateMedia({ forcedColors: 'active' })
  const bars = page.locator('[data-chart-bar]')
  expect(await bars.count()).toBeGreaterThan(1)
  for (const b of await bars.all()) {
    const count = await b.evaluate(el => el.getBoundingClientRect().width * el.getBoundingClientRect().height)
    if (count === 0) continue
    const p = await b.evaluate((el) => {
      const s = getComputedStyle(el)
      return { fill: s.backgroundColor, behind: getComputedStyle(document.body).backgroundColor, border: s.borderTopWidth }
    })
    expect(visibleBar(p), `chart bar ${JSON.stringify(p)}`).toBe(true)
  }
  await page.close()
})

test('with reduced motion asked for, nothing animates; without it, the progress bar does', async () => {
  const page = await open(member, `/course/${RICH.id}`, WIDTHS[0].viewport)
  const longest = () => page.evaluate(() => {
    const seconds = (v: string) => Math.max(...v.split(',').map(x => (x.trim().endsWith('ms') ? parseFloat(x) / 1000 : parseFloat(x))))
    return Math.max(...[...document.querySelectorAll('*')].map((el) => {
      const s = getComputedStyle(el)
      return Math.max(seconds(s.transitionDuration), seconds(s.animationDuration))
    }))
  })
  await page.emulateMedia({ reducedMotion: 'no-preference' })
  expect(await longest()).toBeGreaterThan(0.05)
  await page.emulateMedia({ reducedMotion: 'reduce' })
  expect(await longest()).toBeLessThanOrEqual(0.001)
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('auto')
  await page.close()
})

test('the accessibility tree of the course home, a section, the assessment and the dashboard: landmarks, headings, names, live regions', async ({ browser }) => {
  const viewport = WIDTHS[0].viewport
  const structure = async (page: Page, where: string) => {
    await expect(page.locator('body')).toMatchAriaSnapshot(`
      - link "Skip to main content"
      - banner:
        - navigation "Site"
      - main
      - contentinfo:
        - navigation "Course information"
    `)
    expect(await page.getByRole('main').count(), `${where}: main landmarks`).toBe(1)
    expect(headingProblems(await headingOutline(page)), `${where}: headings`).toEqual([])
    expect(await unnamedControls(page), `${where}: unnamed controls`).toEqual([])
  }

  // Course home: progress and the save status, which is announced politely.
  let page = await open(member, '/course', viewport)
  await structure(page, 'course home')
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - heading [level=1]
    - region:
      - heading [level=2]
      - progressbar
    - region:
      - heading [level=2]
      - list
    - status
  `)
  await page.close()

  // A section with a quiz and a scenario: saving and offline are announced in the status region, and quiz
  // feedback by moving focus to its heading (a live region as well would read it twice).
  const learner = await freshLearner(browser, 'wcag-tree')
  page = await open(learner, `/course/${RICH.id}`, viewport)
  await structure(page, 'section')
  const saving = page.locator('[role=status][aria-live=polite][aria-atomic=true]')
  await expect(saving).toBeAttached()
  await page.context().setOffline(true)
  await answerFirstQuestion(page)
  await expect(saving).toHaveText(/offline/i)
  await page.context().setOffline(false)
  await expect(saving).toHaveText(/saved/i)
  const feedback = page.getByRole('heading', { name: /^(Correct|Partly right|Not quite)/ }).first()
  await expect(feedback).toBeAttached()
  expect(await feedback.evaluate(el => el.tagName)).toBe('H4')
  expect(headingProblems(await headingOutline(page)), 'section after answering: headings').toEqual([])
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - article:
      - heading [level=1]
      - group
      - progressbar
      - region:
        - heading [level=3]
        - list:
          - listitem:
            - group
    `)
  await learner.close()

  // The assessment, with an attempt open: its heading takes focus, problems are an alert.
  page = await open(member, '/course/assessment', viewport)
  await page.getByRole('button', { name: /assessment|new questions/i }).click()
  await expect(page.getByRole('heading', { level: 2, name: /^Attempt/ })).toBeFocused()
  await structure(page, 'assessment')
  await expect(page.getByRole('main')).toMatchAriaSnapshot(`
    - main:
      - heading [level=1]
      - alert
      - region:
        - heading [level=2]
        - list:
          - listitem:
            - group
        - alert
        - button
  `)
  await page.close()

  // The dashboard: each chart has a heading, its figures as a table, and a named button to show it.
  page = await open(member, `/org/${orgId}`, viewport)
  await structure(page, 'dashboard')
  // The outermost region holding the charts' buttons is the Progress section.
  const progress = page.getByRole('region').filter({ has: page.getByRole('button', { name: /Show as a table/ }) }).first()
  await expect(progress).toMatchAriaSnapshot(`
    - region:
      - heading [level=2]
      - region:
        - heading [level=3]
        - table
        - button /Show as a table/
      - region:
        - heading [level=3]
        - table
        - button /Show as a table/
  `)
  await page.close()
})

test('sign-in and sign-up allow pasting and password managers, ask for nothing twice, and set no puzzle', async () => {
  const viewport = WIDTHS[0].viewport
  const forms = [
    { path: '/sign-in', fields: { Email: 'email', Password: 'current-password' } },
    { path: '/sign-up', fields: { 'Full name': 'name', 'Email': 'email', 'Password': 'new-password' } },
    { path: '/forgot-password', fields: { Email: 'email' } },
  ]
  for (const form of forms) {
    const page = await open(visitor, form.path, viewport)
    const inputs = page.getByRole('main').locator('input:not([type=hidden])')
    // 3.3.7: no field asks again for what another one has (no "confirm your password" or email).
    expect(await inputs.count(), `${form.path}: fields`).toBe(Object.keys(form.fields).length)
    for (const [label, autocomplete] of Object.entries(form.fields)) {
      const input = page.getByRole('main').getByLabel(label)
      // 3.3.8: a password manager or the browser can fill it in...
      await expect(input).toHaveAttribute('autocomplete', autocomplete)
      // ...and pasting is not blocked.
      const blocked = await input.evaluate((el) => {
        const data = new DataTransfer()
        data.setData('text/plain', 'pasted')
        const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
        return !el.dispatchEvent(event)
      })
      expect(blocked, `${form.path}: paste into ${label}`).toBe(false)
    }
    // No puzzle, no third-party challenge: no frame, image or canvas in the form.
    expect(await page.getByRole('main').locator('iframe, canvas, img').count(), `${form.path}: puzzle`).toBe(0)
    await page.close()
  }

  // 3.3.7: signed in, buying licences never asks for the name or email the account already holds.
  const page = await open(member, '/buy', viewport)
  await expect(page.getByRole('main').getByRole('textbox', { name: /email|your name|full name/i })).toHaveCount(0)
  await page.close()
})

test('2.5.7: an ordering question is answered with buttons; nothing on a quiz page listens for dragging', async () => {
  const quiz = quizzes.find(q => q.questions.some(x => x.type === 'ordering') && sections.some(s => s.quizzes.includes(q.id)))!
  const page = await member.newPage()
  await page.setViewportSize(WIDTHS[0].viewport)
  await page.addInitScript(() => {
    const heard: string[] = []
    ;(window as unknown as { dragListeners: string[] }).dragListeners = heard
    const add = EventTarget.prototype.addEventListener
    EventTarget.prototype.addEventListener = function (type: string, ...rest: unknown[]) {
      if (/^drag|^drop$/.test(type)) heard.push(type)
      return add.call(this, type, ...(rest as [EventListenerOrEventListenerObject]))
    }
  })
  await page.goto(`/course/${quiz.section}`)
  await waitForApp(page)
  await expect(page.getByRole('button', { name: /^Move “.+” down$/ }).first()).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { dragListeners: string[] }).dragListeners)).toEqual([])
  await page.close()
})

test('a certificate PDF is tagged, titled, in English, and its text reads in order', async ({ page }) => {
  const { userId } = await signInAs(page.request, { label: 'wcag-certificate', seat: true })
  const sql = e2eSql()
  const { version } = await (await page.request.get('/api/course')).json() as { version: number }
  const [seat] = await sql<{ id: string }[]>`select id from seats where assigned_user_id = ${userId}`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id, completed_at) values (${userId}, ${version}, ${seat!.id}, '2026-11-20T10:00:00Z') returning id`
  const code = generateCertificateCode()
  await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
    values (${enrolment!.id}, ${code}, 'Test wcag-certificate', 'Children Missing from Care', 90, '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')`
  const { certificates } = await (await page.request.get('/api/certificates/mine')).json() as { certificates: { code: string, pdfUrl: string }[] }
  const response = await page.request.get(certificates.find(c => c.code === code)!.pdfUrl)
  expect(response.headers()['content-type']).toContain('application/pdf')
  const pdf = await readPdf(await response.body())

  expect(pdf.title).toContain('Test wcag-certificate')
  expect(pdf.language).toBe('en-GB')
  // The structure tree a screen reader follows: a document with a heading, paragraphs and a described figure.
  expect(pdf.elements.slice(0, 2).map(e => e.role)).toEqual(['Root', 'Document'])
  expect(pdf.elements.map(e => e.role)).toEqual(expect.arrayContaining(['H1', 'P', 'Figure']))
  expect(pdf.elements.find(e => e.role === 'Figure')?.alt).toMatch(/\S/)
  // Read in order: what it is, who, which course, when, how long, then the code and where to check it.
  const order = ['Certificate of completion', 'Test wcag-certificate', 'has completed the course', 'Children Missing from Care', 'on 20 November 2026', 'CPD time: 1.5 hours', code, `/verify/${code}`]
  let from = 0
  for (const text of order) {
    const at = pdf.text.indexOf(text, from)
    expect(at, `"${text}" after position ${from} in:\n${pdf.text}`).toBeGreaterThanOrEqual(0)
    from = at + text.length
  }
})

test('the accessibility statement is linked from the footer and has the parts the regulations ask for', async () => {
  const page = await open(visitor, '/', WIDTHS[0].viewport)
  await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click()
  await expect(page).toHaveURL(/\/accessibility$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Accessibility statement' })).toBeVisible()
  for (const part of ['Feedback and contact information', 'Enforcement procedure', 'Compliance status', 'Known problems', 'Content we do not control', 'Preparation of this accessibility statement']) {
    await expect(page.getByRole('heading', { name: part })).toBeVisible()
  }
  // The contact address is a setting, rendered as a mail link wherever the statement names it.
  await expect(page.getByRole('link', { name: /@/ }).first()).toHaveAttribute('href', /^mailto:.+@/)
  await expect(page.getByRole('link', { name: 'Equality Commission for Northern Ireland' })).toBeVisible()
  await page.close()
})
