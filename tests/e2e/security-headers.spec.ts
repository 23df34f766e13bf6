import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { firstChoicePath, richSection } from '../support/course-content'
import { answerCorrectly } from './answer'
import { e2eSql, signInAs } from './state'

// The Content-Security-Policy (server/domain/platform/security-headers.ts) lets only our own scripts and Nuxt's nonced
// inline scripts run. These journeys prove that every kind of page still hydrates and responds under it, and that
// the browser reports no violation anywhere on the way.

const RICH = richSection()

/** Collects every CSP violation the browser reports, from the event and from the console, across navigations. */
async function watchForViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text))
  // Init scripts are added by the browser's debugging protocol, outside the page's policy.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (t: string) => void })
        .reportCspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`)
  })
  return violations
}

/** Visits each page, checks it hydrated (the app's client plugin ran) and has its heading, with the policy on. */
async function visitAll(page: Page, paths: string[]) {
  for (const path of paths) {
    const response = await page.goto(path)
    expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-/)
    await expect(page.locator('html[data-hydrated="true"]'), path).toBeAttached()
    await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible()
  }
}

test('public pages hydrate and respond under the Content-Security-Policy', async ({ page }) => {
  const violations = await watchForViolations(page)
  await visitAll(page, ['/', '/sign-in', '/buy', '/glossary', '/course/aids/before-you-call', '/verify'])

  // The certificate check form answers in the browser: a typing mistake is explained before any lookup.
  await page.getByLabel('Certificate code').fill('ABCD-EFGH-JKMN-PQRS')
  await page.getByRole('button', { name: 'Check the certificate' }).click()
  await expect(page.getByText(/typing mistake/).first()).toBeVisible()
  expect(violations).toEqual([])
})

test('a learner\'s section, with its scenario and quiz, and the assessment work under the policy', async ({ page }) => {
  const violations = await watchForViolations(page)
  await signInAs(page.request, { seat: true, label: 'csplearner' })
  await visitAll(page, ['/account', '/course', `/course/${RICH.id}`])

  // A scenario choice is answered by the hydrated page.
  const scenario = RICH.scenarioList[0]!
  const { stepId, choiceId } = firstChoicePath(scenario.id)[0]!
  const choice = scenario.steps.find(s => s.id === stepId)!.choices.find(c => c.id === choiceId)!
  const region = page.getByRole('region', { name: scenario.title })
  await region.getByRole('radio', { name: choice.text, exact: true }).check()
  await region.getByRole('button', { name: 'Confirm my choice' }).click()
  await expect(region.getByRole('heading', { name: 'What happened' }).last()).toBeVisible()

  // And so is a quiz question.
  const question = RICH.quizList[0]!.questions[0]!
  const item = page.getByRole('listitem').filter({ hasText: question.prompt })
  await answerCorrectly(item, question)
  await item.getByRole('button', { name: 'Check my answer' }).click()
  await expect(item.getByRole('heading', { name: /^(Correct|Partly right|Not quite)/ })).toBeVisible()

  await visitAll(page, ['/course/assessment'])
  expect(violations).toEqual([])
})

test('a training lead\'s dashboard and the admin pages work under the policy', async ({ page }) => {
  const violations = await watchForViolations(page)
  const { userId } = await signInAs(page.request, { admin: true, label: 'cspadmin' })
  const sql = e2eSql()
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`Headershire ${Date.now()}`}) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${userId}, 'manager')`
  await visitAll(page, [`/org/${org!.id}`, '/admin', '/admin/users', '/admin/orders'])
  expect(violations).toEqual([])
})
