import { randomUUID } from 'node:crypto'
import { expect, test } from './fixtures'
import { expectNoSeriousA11yViolations } from './axe'
import { createVerifiedAccount, signInOnPage } from './session'

// Buying the way councils buy, on the embedded default (no Stripe keys): a quote, an order by invoice with a purchase
// order, licences at once, and the clearly marked test invoice page sending Stripe's signed invoice.paid event.

// A training lead at a desk: the buy page and the quote are read on a desktop-sized screen.
test.use({ viewport: { width: 1280, height: 900 } })

test('a training lead gets a quote, orders 60 licences by invoice with a PO, invites people at once, and the invoice is paid', async ({ page }) => {
  const orgName = `Eastshire County Council ${randomUUID().slice(0, 6)}`
  const stamp = Date.now()
  const email = await createVerifiedAccount(page, 'Quinn Lead')
  await page.goto('/sign-in?next=/buy')
  await signInOnPage(page, email)
  await expect(page.getByRole('heading', { name: 'Buy licences' })).toBeVisible()

  // A quote for 60 licences for the finance team.
  await page.getByRole('radio', { name: /For my organisation/ }).click()
  await page.getByLabel('Organisation name').fill(orgName)
  await page.getByLabel('Number of licences').fill('60')
  await expect(page.getByTestId('price-total')).toHaveText('£720.00')
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Get a quote' }).click()

  await expect(page.getByRole('heading', { name: 'Your quotes' })).toBeVisible()
  const quoteHeading = page.getByRole('heading', { name: /^Quote CMC-Q-\d{4}-\d{5}$/ })
  await expect(quoteHeading).toBeVisible()
  const quoteReference = (await quoteHeading.textContent())!.replace('Quote ', '').trim()
  await expect(page.getByText(`60 licences for ${orgName} at £12.00 each`)).toBeVisible()
  await expect(page.getByText(/Valid until/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const download = page.getByRole('link', { name: `Download (PDF) of quote ${quoteReference}` })
  const pdf = await page.request.get((await download.getAttribute('href'))!)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect(pdf.headers()['content-disposition']).toContain(`${quoteReference}.pdf`)

  // The PO arrives: buy from the quote, by invoice.
  await page.getByRole('link', { name: `Buy from this quote (${quoteReference})` }).click()
  await expect(page.getByText(`Buying from quote ${quoteReference}`)).toBeVisible()
  await expect(page.getByRole('radio', { name: /Pay by invoice/ })).toBeChecked()
  await expectNoSeriousA11yViolations(page)
  // Without a PO the order is refused, on the page, before anything is sent.
  await page.getByRole('button', { name: 'Order and send the invoice' }).click()
  await expect(page.getByText('Enter your purchase order reference: it goes on the invoice.').first()).toBeVisible()
  await page.getByLabel('Purchase order reference').fill('PO-ES-2026-0117')
  await page.getByLabel('Email address for the invoice').fill(`finance.${stamp}@example.org`)
  await page.getByRole('button', { name: 'Order and send the invoice' }).click()

  // The licences are ready at once; the order awaits payment, under a reference people can read.
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: /^Order CMC-\d{4}-\d{5}: awaiting payment$/ })).toBeVisible()
  const reference = (await page.getByTestId('order-reference').textContent())!.trim()
  expect(reference).toMatch(/^CMC-\d{4}-\d{5}$/)
  await expect(page.getByText('Awaiting payment (invoice)')).toBeVisible()
  await expect(page.getByTestId('order-seats')).toHaveText('60 available, 0 invited, 0 in use')
  await expect(page.getByText('PO-ES-2026-0117')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const orderUrl = page.url()

  // The lead invites people straight away.
  await page.getByRole('link', { name: 'Go to your organisation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible()
  await expect(page.getByTestId('seats-available')).toHaveText('60')
  await page.getByRole('link', { name: 'Invite people' }).click()
  await page.getByLabel('Email addresses').fill(`ava.${stamp}@example.org, bo.${stamp}@example.org`)
  await page.getByRole('button', { name: 'Check these addresses' }).click()
  await page.getByRole('button', { name: 'Send 2 invitations' }).click()
  await expect(page.getByText('2 invitations are on the way.')).toBeVisible()
  await expect(page.getByTestId('invite-available')).toHaveText('58 licences are free.')

  // The finance team receives the invoice; the test invoice page stands in for Stripe's and pays it.
  const { mails } = await (await page.request.get('/api/dev/mailbox')).json() as { mails: { to: string, subject: string }[] }
  expect(mails.some(m => m.to === `finance.${stamp}@example.org` && m.subject.startsWith(`Invoice ${reference}`))).toBe(true)
  await page.goto(orderUrl)
  await page.getByRole('link', { name: 'View and pay the invoice' }).click()
  await expect(page.getByRole('heading', { name: `Test invoice ${reference}` })).toBeVisible()
  await expect(page.getByText('Test invoice: no real payment')).toBeVisible()
  await expect(page.getByTestId('test-invoice-total')).toHaveText('£720.00')
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Pay £720.00 by bank transfer' }).click()
  await expect(page.getByText('Stripe would now report: paid.')).toBeVisible()

  await page.goto(orderUrl)
  await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible()
  await expect(page.getByText('Paid', { exact: true })).toBeVisible()
  await expect(page.getByTestId('order-seats')).toHaveText('58 available, 2 invited, 0 in use')
  await page.goto('/orders')
  await expect(page.getByText(reference)).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})
