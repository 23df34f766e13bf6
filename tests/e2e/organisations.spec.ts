import { randomUUID } from 'node:crypto'
import { devices, expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './axe'
import { createVerifiedAccount, signInOnPage } from './session'

const origin = () => `http://localhost:${process.env.E2E_PORT ?? 3199}`

test('a training lead invites three people by CSV, one accepts and starts, the lead withdraws another, on a phone', async ({ page, browser }) => {
  const orgName = `Westshire Council ${randomUUID().slice(0, 6)}, Children's Services`
  const stamp = Date.now()
  const people = [
    { name: 'Ada Accepts', email: `ada.${stamp}@example.org` },
    { name: 'Ben Withdrawn', email: `ben.${stamp}@example.org` },
    { name: '=Cy Formula', email: `cy.${stamp}@example.org` },
  ]

  // The lead buys five licences through the test checkout.
  const leadEmail = await createVerifiedAccount(page, 'Lena Lead')
  await page.goto('/sign-in?next=/buy')
  await signInOnPage(page, leadEmail)
  await page.getByRole('radio', { name: /For my organisation/ }).click()
  await page.getByLabel('Organisation name').fill(orgName)
  await page.getByLabel('Number of licences').fill('5')
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await page.getByRole('button', { name: 'Pay £75.00' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you: your payment has been received' })).toBeVisible()
  await page.getByRole('link', { name: 'Go to your organisation' }).click()

  // The dashboard.
  await expect(page).toHaveURL(/\/org\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible()
  await expect(page.getByTestId('seats-available')).toHaveText('5')
  await expect(page.getByTestId('learners-summary')).toHaveText('Nobody yet: invite people to give them a licence.')
  await expectNoSeriousA11yViolations(page)
  const dashboardUrl = page.url()

  // Three people by CSV: checked first, then sent.
  await page.getByRole('link', { name: 'Invite people' }).click()
  await expect(page.getByRole('heading', { name: 'Invite people' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  const csv = `Name,Email\n${people.map(p => `"${p.name}",${p.email.toUpperCase()}`).join('\n')}\nNo Address,not-an-email\n`
  await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Check the file' }).click()
  await expect(page.getByTestId('plan-summary')).toContainText('3 of 4 people are ready to invite. 1 has a problem')
  await expect(page.getByRole('cell', { name: 'This is not an email address.' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Send 3 invitations' }).click()
  await expect(page.getByText('3 invitations are on the way.')).toBeVisible()
  await expect(page.getByTestId('invite-available')).toHaveText('2 licences are free.')

  await page.goto(dashboardUrl)
  await expect(page.getByTestId('seats-invited')).toHaveText('3')
  await expect(page.getByTestId('seats-available')).toHaveText('2')
  await expect(page.getByTestId(`status-${people[0]!.email}`)).toContainText('Invited')
  await expectNoSeriousA11yViolations(page)

  // Ada accepts from the dev mailbox, in her own browser, and starts the course.
  const learner = await browser.newContext({ ...devices['Pixel 7'], baseURL: origin() })
  const ada = await learner.newPage()
  await ada.goto('/dev/mailbox')
  const mail = ada.getByRole('article', { name: `${orgName} has given you a place on Children Missing from Care, to ${people[0]!.email}` })
  await expect(mail).toBeVisible()
  await mail.getByRole('link', { name: /\/invitation#token=/ }).click()
  await expect(ada.getByRole('heading', { name: 'Your place on the course' })).toBeVisible()
  await expect(ada).toHaveURL(/\/invitation$/) // the token is gone from the address bar
  await expect(ada.getByLabel('Full name')).toHaveValue('Ada Accepts')
  await expectNoSeriousA11yViolations(ada)
  await ada.getByLabel('Choose a password').fill('a long and memorable phrase')
  await ada.getByRole('button', { name: 'Create my account and accept' }).click()
  await expect(ada).toHaveURL(/\/course$/)
  await expectNoSeriousA11yViolations(ada)
  const started = await ada.request.post('/api/progress/events', {
    headers: { origin: origin() },
    data: { events: [{ id: randomUUID(), type: 'position', at: Date.now(), sectionId: 's2-why-children-go-missing', anchor: 'start' }] },
  })
  expect(started.status()).toBe(200)
  expect((await ada.request.get('/api/course/sections/s3-words-and-definitions')).status()).toBe(200)
  await learner.close()

  // The lead sees Ada's status change.
  await page.reload()
  await expect(page.getByTestId(`status-${people[0]!.email}`)).toContainText('In progress, 0%')
  await expect(page.getByTestId('seats-assigned')).toHaveText('1')
  await page.getByLabel('Status').selectOption('in_progress')
  await expect(page.getByTestId('learners-summary')).toHaveText('Showing 1 to 1 of 1')
  await page.getByLabel('Status').selectOption('')
  await expectNoSeriousA11yViolations(page)

  // Ben never accepted: withdrawing his invitation frees the licence.
  await page.getByRole('button', { name: `Withdraw the invitation to ${people[1]!.email}` }).click()
  await page.getByRole('dialog', { name: `Withdraw the invitation to ${people[1]!.email}?` }).getByRole('button', { name: 'Withdraw the invitation' }).click()
  await expect(page.getByText(`The invitation to ${people[1]!.email} is withdrawn and its licence is free again.`)).toBeVisible()
  await expect(page.getByTestId('seats-available')).toHaveText('3')
  await expect(page.getByTestId('seats-invited')).toHaveText('1')
  await expectNoSeriousA11yViolations(page)
  // The row stays with its news until the list is next loaded.
  await page.reload()
  await expect(page.getByTestId(`status-${people[1]!.email}`)).toHaveCount(0)

  // The charts have tables behind them.
  await page.getByRole('button', { name: 'Show as a table' }).first().click()
  await expect(page.getByRole('row', { name: 'In progress 1' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // The organisations list leads to the same dashboard.
  await page.goto('/org')
  await expect(page.getByRole('link', { name: orgName, exact: true })).toHaveAttribute('href', new URL(dashboardUrl).pathname)
  await expectNoSeriousA11yViolations(page)
})
