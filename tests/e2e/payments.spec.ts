import { expect, test } from './fixtures'
import { expectNoSeriousA11yViolations } from './axe'
import { createVerifiedAccount, signInOnPage } from './session'

// The e2e server has no Stripe keys, so the clearly marked test checkout stands in for Stripe's page
// and its "Pay" sends a signed event through the real webhook.

test('a training lead buys 60 licences through the test checkout and sees 60 seats, on a phone', async ({ page }) => {
  const email = await createVerifiedAccount(page, 'Tess Lead')

  await page.goto('/buy')
  await signInOnPage(page, email)
  await expect(page.getByRole('heading', { name: 'Buy licences' })).toBeVisible()
  await expect(page).toHaveURL(/\/buy$/)
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('radio', { name: /For my organisation/ }).click()
  await page.getByLabel('Organisation name').fill('Northshire County Council, Children\'s Services')
  const quantity = page.getByLabel('Number of licences')
  // 45 licences cost more than 51: the page says so.
  await quantity.fill('45')
  await expect(page.getByTestId('price-total')).toHaveText('£675.00')
  await expect(page.getByTestId('price-hint')).toContainText('51 licences cost less than this, £612.00')
  await expectNoSeriousA11yViolations(page)
  await quantity.fill('10001')
  await expect(page.getByText('Enter a whole number of licences from 1 to 10,000.')).toBeVisible()
  await quantity.fill('60')
  await expect(page.getByTestId('price-unit')).toHaveText('£12.00')
  await expect(page.getByTestId('price-total')).toHaveText('£720.00')
  await expect(page.getByTestId('price-hint')).toHaveCount(0)
  await page.getByLabel('Purchase order reference (optional)').fill('PO-NS-2026-01')
  await page.getByRole('button', { name: 'Continue to payment' }).click()

  await expect(page.getByRole('heading', { name: 'Test checkout', exact: true })).toBeVisible()
  await expect(page.getByText('Test checkout: no real payment')).toBeVisible()
  await expect(page.getByText('PO-NS-2026-01')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Pay £720.00' }).click()

  await expect(page).toHaveURL(/\/checkout\/success\?order=[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: 'Thank you: your payment has been received' })).toBeVisible()
  await expect(page.getByText(/60 licences are ready in Northshire County Council/)).toBeVisible()
  await expect(page.getByTestId('order-seats')).toHaveText('60 available, 0 invited, 0 in use')
  await expect(page.getByText('Paid', { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'Go to your organisation' }).click()
  await expect(page).toHaveURL(/\/org\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Northshire County Council, Children\'s Services' })).toBeVisible()
  await expect(page.getByTestId('seats-available')).toHaveText('60')
  await expect(page.getByRole('link', { name: 'Buy more licences' })).toHaveAttribute('href', /^\/buy\?org=[0-9a-f-]{36}$/)
  await expectNoSeriousA11yViolations(page)

  await page.goto('/org')
  await expect(page.getByRole('heading', { name: 'Your organisations' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Buy more licences for Northshire/ })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.goto('/orders')
  await expect(page.getByRole('link', { name: /60 licences for Northshire County Council/ })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test('a carer buys one licence for themselves and opens a paid section', async ({ page }) => {
  const email = await createVerifiedAccount(page, 'Cara Carer')
  await page.goto('/sign-in?next=/buy')
  await signInOnPage(page, email)
  await expect(page.getByRole('heading', { name: 'Buy licences' })).toBeVisible()
  await expect(page.getByRole('radio', { name: /For myself/ })).toBeChecked()
  await expect(page.getByTestId('price-total')).toHaveText('£15.00')
  await page.getByRole('button', { name: 'Continue to payment' }).click()

  // Leaving the payment page charges nothing, and the way back is offered.
  await expect(page.getByRole('heading', { name: 'Test checkout', exact: true })).toBeVisible()
  await page.getByRole('link', { name: 'Cancel and go back' }).click()
  await expect(page.getByRole('heading', { name: 'You have not paid' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('link', { name: 'Return to the payment page' }).click()

  await page.getByRole('button', { name: 'Pay £15.00' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you: your payment has been received' })).toBeVisible()
  await expect(page.getByText('Your licence is ready')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Start the course' })).toHaveAttribute('href', '/course')
  await expectNoSeriousA11yViolations(page)

  // The paid section opens with this browser's session.
  const section = await page.request.get('/api/course/sections/s3-words-and-definitions')
  expect(section.status()).toBe(200)
  expect((await section.json()).body).toBeTruthy()

  await page.getByRole('link', { name: 'View your receipt' }).click()
  await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible()
  await expect(page.getByText('£15.00', { exact: true }).first()).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})
