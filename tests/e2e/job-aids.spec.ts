import { DIAGRAMS, diagramText } from '../../shared/diagrams'
import { sections } from '../support/course-content'
import { readPdf } from '../support/pdf'
import { expectNoSeriousA11yViolations } from './axe'
import { expect, test } from './fixtures'
import { signInAs } from './state'

// Job aids and diagrams on the smallest phone the course supports (320 CSS px), as a carer meets them.

const PHONE = { width: 320, height: 720 }
const AIDS = [
  { id: 'return-night', title: 'Return night: a checklist' },
  { id: 'before-you-call', title: 'Before you ring the police' },
  { id: 'missing-plan', title: 'Missing from care plan' },
  { id: 'philomena-profile', title: 'Philomena Protocol profile: a checklist' },
]

const fitsWidth = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

test('a visitor finds the job aids from the course home, reads one on a phone and downloads its PDF', async ({ page }) => {
  test.slow()
  await page.setViewportSize(PHONE)
  await page.goto('/course')
  await page.getByRole('link', { name: 'See the job aids' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Job aids to keep' })).toBeVisible()
  for (const aid of AIDS) await expect(page.getByRole('link', { name: aid.title, exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'Return night: a checklist', exact: true }).click()
  await expect(page).toHaveURL(/\/course\/aids\/return-night$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Return night: a checklist' })).toBeVisible()
  await expect(page.getByText('Put each item in a paper bag, never a plastic one.', { exact: false })).toBeVisible()
  expect(await fitsWidth(page)).toBe(true)
  await expectNoSeriousA11yViolations(page)

  const download = page.getByRole('link', { name: 'Download PDF of Return night: a checklist' })
  await expect(download).toHaveAttribute('href', '/api/aids/return-night/pdf')
  const res = await page.request.get('/api/aids/return-night/pdf')
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('application/pdf')
  const pdf = await readPdf(await res.body())
  expect(pdf.title).toBe('Return night: a checklist')
  expect(pdf.pages).toBe(1)
})

test('each aid prints on one A4 page, without the site around it', async ({ page }) => {
  for (const aid of AIDS) {
    await page.goto(`/course/aids/${aid.id}`)
    await page.emulateMedia({ media: 'print' })
    await expect(page.getByRole('banner')).toBeHidden()
    await expect(page.getByRole('link', { name: `Download PDF of ${aid.title}` })).toBeHidden()
    const printed = await readPdf(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }))
    expect(printed.pages, `${aid.id} printed on ${printed.pages} pages`).toBe(1)
    expect(printed.text).toContain(aid.title)
    await page.emulateMedia({ media: 'screen' })
  }
})

const withDiagrams = sections.filter(s => s.diagrams.length)

test('every diagram is embedded in a section', () => {
  expect(new Set(withDiagrams.flatMap(s => s.diagrams))).toEqual(new Set(DIAGRAMS.map(d => d.tag)))
})

for (const section of withDiagrams) {
  test(`diagrams in ${section.id} show their text equivalent, fit a phone and stay visible in forced colours`, async ({ page }) => {
    // Axe over a whole section is slow on a busy machine.
    test.slow()
    await signInAs(page.request, { seat: true, label: 'diagrams' })
    await page.setViewportSize(PHONE)
    await page.goto(`/course/${section.id}`)
    for (const tag of section.diagrams) {
      const diagram = DIAGRAMS.find(d => d.tag === tag)!
      const figure = page.locator(`figure[data-diagram="${tag}"]`)
      await figure.scrollIntoViewIfNeeded()
      await expect(figure.getByRole('img', { name: diagram.summary })).toBeVisible()
      await expect(figure.locator('figcaption')).toHaveText(`Figure: ${diagram.caption}`)
      // The text equivalent is on the page for everyone, not only for screen readers.
      const text = figure.locator('[data-diagram-text]')
      for (const line of diagramText(diagram).slice(2)) await expect(text).toContainText(line)
      await expect(text).toBeVisible()
    }
    expect(await fitsWidth(page), `${section.id} scrolls sideways at 320 px`).toBe(true)
    await expectNoSeriousA11yViolations(page)

    await page.emulateMedia({ forcedColors: 'active' })
    const colours = await page.locator('figure[data-diagram] svg').first().evaluate((svg) => {
      const fill = (selector: string) => getComputedStyle(svg.querySelector(selector)!).fill
      const probe = document.body.appendChild(Object.assign(document.createElement('span'), { style: 'color: CanvasText' }))
      const text = getComputedStyle(probe).color
      probe.remove()
      return { strong: fill('.dg-strong'), onStrong: fill('.dg-on-strong'), text }
    })
    // The dark shapes take the system text colour, and the words on them a different one, so both stay visible.
    expect(colours.strong).toBe(colours.text)
    expect(colours.onStrong).not.toBe(colours.strong)
  })
}
