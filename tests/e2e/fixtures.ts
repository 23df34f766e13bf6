import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test'

export { expect } from '@playwright/test'

/** Waits until the app has hydrated (plugins/hydrated.client.ts), so typing is never lost to hydration. */
export async function waitForApp(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
}

/**
 * Playwright's `test`, with `page.goto` and `page.reload` returning only once the page can be used, and
 * failing on any page whose first render in the browser differed from the server's HTML (Vue says so even
 * in a production build): hydrating over a mismatch can leave the server's stale HTML on screen.
 */
export const test = base.extend<{ hydrationGuard: undefined }>({
  // Every browser context a test touches is watched: its own, those a file made beforehand (beforeAll) and those the
  // test makes itself with `browser.newContext`, so a second learner's or visitor's page is held to the same rule.
  hydrationGuard: [async ({ browser, context }, use) => {
    const mismatched: string[] = []
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'error' && message.text().includes('Hydration completed but contains mismatches')) mismatched.push(message.page()?.url() ?? '')
    }
    const watched = new Set<BrowserContext>([context, ...browser.contexts()])
    for (const c of watched) c.on('console', onConsole)
    const newContext = browser.newContext.bind(browser)
    browser.newContext = async (...args) => {
      const made = await newContext(...args)
      watched.add(made)
      made.on('console', onConsole)
      return made
    }
    await use(undefined)
    browser.newContext = newContext
    for (const c of watched) c.off('console', onConsole)
    expect(mismatched, 'pages whose first render in the browser differed from the server\'s').toEqual([])
  }, { auto: true }],
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page)
    const reload = page.reload.bind(page)
    page.goto = async (...args) => {
      const response = await goto(...args)
      await waitForApp(page)
      return response
    }
    page.reload = async (...args) => {
      const response = await reload(...args)
      await waitForApp(page)
      return response
    }
    await use(page)
  },
})
