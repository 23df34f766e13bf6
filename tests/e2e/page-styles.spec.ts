import { expect, test } from './fixtures'
import type { BrowserContext, Page } from '@playwright/test'
import { sections } from '../support/course-content'

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

/** The page looks as the same address loaded directly, with the whole stylesheet, in a tab of its own. */
async function expectStyledAsLoadedDirectly(page: Page, context: BrowserContext, path: string) {
  const reached = await looks(page)
  const direct = await context.newPage()
  await direct.goto(path)
  await direct.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  expect(reached.length).toBeGreaterThan(20)
  expect(reached).toEqual(await looks(direct))
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
  await expectStyledAsLoadedDirectly(page, context, '/course')
})

test('when the whole stylesheet cannot be had, a link loads its page afresh from the server, styled', async ({ page, context }) => {
  // A dropped request, or an instance of a newer build that no longer serves this page's stylesheet.
  await page.route('**/_styles/**', route => route.abort())
  await page.goto('/')
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await page.evaluate(() => { (window as unknown as { stayed?: boolean }).stayed = true })
  await page.getByRole('link', { name: 'Course', exact: true }).first().click()
  await expect(page).toHaveURL(/\/course$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  // A new document, not the app carrying on with the landing page's rules only.
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBeUndefined()
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
  await expectStyledAsLoadedDirectly(page, context, '/course')
})

test('controls drawn only in the browser wait for the whole stylesheet, then appear styled', async ({ page, context }) => {
  // "Listen" is drawn once the page runs (it needs the browser's speech synthesis), so its classes are in no
  // server HTML and its rules only in the whole stylesheet, held back here until the test lets it go.
  let release!: () => void
  const held = new Promise<void>(resolve => (release = resolve))
  await context.route('**/_styles/**', async (route) => {
    await held
    await route.continue()
  })
  await page.goto(`/course/${sections[0]!.id}`)
  // Past the point where the block takes over (when the browser is idle).
  await page.evaluate(() => new Promise(resolve => requestIdleCallback(() => requestIdleCallback(resolve))))
  const listen = page.getByRole('button', { name: 'Listen to this section' })
  await expect(listen).toHaveCount(0)
  release()
  await expect(listen).toBeVisible()
  const speed = await page.getByLabel('Speed').boundingBox()
  expect(speed!.height).toBeGreaterThanOrEqual(24)
})
