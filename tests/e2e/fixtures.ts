import { test as base, type Page } from '@playwright/test'

export { expect } from '@playwright/test'

/** Waits until the app has hydrated (plugins/hydrated.client.ts), so typing is never lost to hydration. */
export async function waitForApp(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
}

/** Playwright's `test`, with `page.goto` and `page.reload` returning only once the page can be used. */
export const test = base.extend({
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
