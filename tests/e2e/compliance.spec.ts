import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './axe'
import { createVerifiedAccount, signInOnPage } from './session'

test('a training lead sets teams and due dates from a CSV, sees an overdue learner, filters by team and reads the insight panel', async ({ page }) => {
  const orgName = `Eastshire Council ${randomUUID().slice(0, 6)}`
  const stamp = Date.now()
  const late = `late.${stamp}@example.org`
  const onTime = `ontime.${stamp}@example.org`
  const home = `home.${stamp}@example.org`

  const leadEmail = await createVerifiedAccount(page, 'Tara Lead')
  await page.goto('/sign-in?next=/buy')
  await signInOnPage(page, leadEmail)
  await page.getByRole('radio', { name: /For my organisation/ }).click()
  await page.getByLabel('Organisation name').fill(orgName)
  await page.getByLabel('Number of licences').fill('5')
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await page.getByRole('button', { name: 'Pay £75.00' }).click()
  await page.getByRole('link', { name: 'Go to your organisation' }).click()
  await expect(page).toHaveURL(/\/org\/[0-9a-f-]{36}$/)
  const dashboardUrl = page.url()

  // A CSV with Team and Due date columns: one date already past, one period, one without.
  await page.getByRole('link', { name: 'Invite people' }).click()
  const csv = `Name,Email,Team,Due date\nLee Late,${late},Fostering North,31/01/2020\nOona Ontime,${onTime},Fostering North,within 6 weeks\nHal Home,${home},Residential,\n`
  await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Check the file' }).click()
  await expect(page.getByTestId('plan-summary')).toContainText('3 of 3 people are ready to invite.')
  await expect(page.getByRole('cell', { name: '31 January 2020' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Send 3 invitations' }).click()
  await expect(page.getByText('3 invitations are on the way.')).toBeVisible()

  // The dashboard: teams and due dates in the table, Lee overdue.
  await page.goto(dashboardUrl)
  await expect(page.getByTestId(`team-${late}`)).toHaveText('Fostering North')
  await expect(page.getByTestId(`due-${late}`)).toHaveText('31 January 2020')
  await expect(page.getByTestId(`status-${late}`)).toContainText('Overdue')
  await expect(page.getByTestId(`status-${onTime}`)).toContainText('Invited')
  await page.getByLabel('Status').selectOption('overdue')
  await expect(page.getByTestId('learners-summary')).toHaveText('Showing 1 to 1 of 1')
  await page.getByLabel('Status').selectOption('')

  // The team filter narrows the table (and the charts and report with it).
  await page.getByLabel('Show team').selectOption({ label: 'Residential' })
  await expect(page.getByTestId('learners-summary')).toHaveText('Showing 1 to 1 of 1')
  await expect(page.getByTestId(`team-${home}`)).toHaveText('Residential')
  await expect(page.getByRole('link', { name: 'Download the learners report (Excel)' })).toHaveAttribute('href', /report\.xlsx\?team=[0-9a-f-]{36}$/)
  await page.getByLabel('Show team').selectOption({ label: 'Everyone' })
  await expect(page.getByTestId('learners-summary')).toHaveText('Showing 1 to 3 of 3')

  // A due date for the whole team clears Lee's overdue status.
  await page.getByRole('button', { name: 'Change teams, due dates and reminders' }).click()
  await page.getByLabel('Team to change').selectOption({ label: 'Fostering North' })
  await page.getByLabel('Due date for everyone in it who has not completed').fill('within 2 weeks')
  await page.getByRole('button', { name: 'Set the due date' }).click()
  await expect(page.getByText(/2 people in Fostering North are now due by/)).toBeVisible()
  await expect(page.getByTestId(`status-${late}`)).toContainText('Invited')

  // The insight panel: nobody has answered yet, and it says why it shows nothing.
  const insight = page.getByTestId('insight')
  await expect(insight.getByRole('heading', { name: 'What your learners find hard' })).toBeVisible()
  await expect(insight).toContainText('This is shown for groups of at least 5 learners who have answered')
  await expectNoSeriousA11yViolations(page)
})
