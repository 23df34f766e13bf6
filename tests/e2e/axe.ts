import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/**
 * Fails on any serious or critical accessibility violation on the current page, naming each one.
 * `skipFrames` leaves out framed third-party content (an uploaded SCORM package), checking only our page.
 */
export async function expectNoSeriousA11yViolations(page: Page, opts: { skipFrames?: boolean } = {}) {
  const builder = new AxeBuilder({ page })
  if (opts.skipFrames) builder.options({ iframes: false }).exclude('iframe')
  const results = await builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const serious = results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  const summary = serious.map(v => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map(n => n.target.join(' ')).join('\n  ')}`)
  expect(summary, `axe on ${page.url()}`).toEqual([])
}
