import { test as base, expect, type Page } from '@playwright/test'

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
export const test = base.extend({
  context: async ({ context }, use) => {
    const mismatched: string[] = []
    context.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Hydration completed but contains mismatches')) mismatched.push(message.page()?.url() ?? '')
    })
    await use(context)
    expect(mismatched, 'pages whose first render in the browser differed from the server\'s').toEqual([])
  },
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
