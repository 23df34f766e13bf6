import { expect, test } from './fixtures'
import { expectNoSeriousA11yViolations } from './axe'

test('a carer finds help, the glossary and the sources from the footer, on a phone', async ({ page }) => {
  await page.goto('/')
  const footer = page.getByRole('navigation', { name: 'Course information' })

  await footer.getByRole('link', { name: 'Where to get help' }).click()
  await expect(page).toHaveURL(/\/help$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Where to get help' })).toBeVisible()
  await expect(page.getByText('Runaway Helpline, from Missing People: 116 000.')).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'For children and young people' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await footer.getByRole('link', { name: 'Glossary' }).click()
  await expect(page).toHaveURL(/\/glossary$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  // Terms link to each other by anchor, as sections link to them.
  await page.getByRole('link', { name: 'risk levels' }).first().click()
  await expect(page).toHaveURL(/\/glossary#risk-levels$/)
  await expect(page.getByRole('heading', { level: 2, name: 'Risk levels' })).toBeInViewport()

  await footer.getByRole('link', { name: 'Sources' }).click()
  await expect(page).toHaveURL(/\/sources$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible()
  await expect(page.getByText('Statutory guidance on children who run away or go missing from home or care').first()).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('a glossary link opens at its term when the page is loaded directly', async ({ page }) => {
  await page.goto('/glossary#return-home-interview')
  await expect(page.getByRole('heading', { level: 2, name: 'Return home interview' })).toBeInViewport()
  await expectNoSeriousA11yViolations(page)
})
