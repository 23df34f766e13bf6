import { expect, test } from './fixtures'
import type { Page } from '@playwright/test'

// Each page arrives with only the rules of the site stylesheet its HTML uses (server/plugins/03.page-styles.ts);
// the whole stylesheet follows once the page runs (plugins/site-styles.client.ts). A page reached by a link in
// the app must still be styled in full, even when the link is followed before the whole stylesheet arrived.

/** What each visible element in the main content looks like, by tag and class list (order aside). */
function looks(page: Page): Promise<string[]> {
  return page.locator('main').evaluate(main => [...main.querySelectorAll('*')]
    .filter(element => element.getBoundingClientRect().height > 0)
    .map((element) => {
      const style = getComputedStyle(element)
      const classes = [...element.classList].sort().join('.')
      return [element.tagName, classes, style.color, style.backgroundColor, style.display, style.padding, style.margin,
        style.fontSize, style.fontWeight, style.borderTopWidth, style.borderRadius, style.gap].join(' ')
    }))
}

test('a page carries only part of the stylesheet, and names the whole of it', async ({ page, request }) => {
  await page.goto('/')
  const inline = page.locator('style[data-site-styles]')
  const href = await inline.getAttribute('data-site-styles')
  expect(href).toMatch(/^\/_styles\/site\.[\w-]+\.css$/)
  const whole = await request.get(href!)
  expect(whole.headers()['content-type']).toContain('text/css')
  expect((await inline.textContent())!.length).toBeLessThan((await whole.text()).length / 3)
})

test('a page reached by a link before the whole stylesheet arrived is styled as when loaded directly', async ({ page, context }) => {
  // Hold the whole stylesheet back for two seconds, as a slow phone connection might.
  await context.route('**/_styles/**', async (route) => {
    await new Promise(resolve => setTimeout(resolve, 2000))
    await route.continue()
  })
  await page.goto('/')
  await page.getByRole('link', { name: 'Course', exact: true }).first().click()
  await expect(page).toHaveURL(/\/course$/)
  // The landing page's heading is gone: the course page has taken its place.
  await expect(page.locator('#hero-title')).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const reached = await looks(page)

  const direct = await context.newPage()
  await direct.goto('/course')
  await direct.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  expect(reached.length).toBeGreaterThan(20)
  expect(reached).toEqual(await looks(direct))
})
