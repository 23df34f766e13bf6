import type { Page } from '@playwright/test'
import { generateCertificateCode } from '../../shared/certificate-code'
import { expectNoSeriousA11yViolations } from './axe'
import { expect, test } from './fixtures'
import { createVerifiedAccount, signInOnPage } from './session'
import { e2eSql, signInAs } from './state'

// Issue 19, items 9 to 14: a training lead at a desk, and the admin. Each step would have failed before the fix.

/** Nothing on the page scrolls sideways at 320 CSS px (tables scroll inside their own regions). */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${what} scrolls sideways`).toBeLessThanOrEqual(0)
}

/** An organisation the given lead manages, with free licences, a learner who completed (with a certificate) and one who has not started. */
async function organisationOf(leadId: string, label: string) {
  const sql = e2eSql()
  const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`Eastshire ${label} ${stamp}`}) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${leadId}, 'manager')`
  await sql`insert into seats (organisation_id, status) select ${org!.id}, 'available' from generate_series(1, 5)`
  const learner = async (name: string) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${stamp}@example.org`
    const [user] = await sql<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${email}, ${name}, 'not-a-hash', now()) returning id`
    const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id, invited_email) values (${org!.id}, 'assigned', ${user!.id}, ${email}) returning id`
    await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${user!.id}, 'learner')`
    return { email, name, userId: user!.id, seatId: seat!.id }
  }
  const done = await learner('Carys Complete')
  const notStarted = await learner('Nia Notstarted')
  return { orgId: org!.id, done, notStarted }
}

test('a training lead reaches certificates, pastes from Outlook, chases everyone and sees each result where they pressed', async ({ page }) => {
  test.slow() // a long journey: six fixes, each checked with axe
  const lead = await signInAs(page.request, { label: 'desk-lead' })
  const { orgId, done, notStarted } = await organisationOf(lead.userId, 'desk')
  const { version } = await (await page.request.get('/api/course')).json() as { version: number }
  const sql = e2eSql()
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, completed_at) values (${done.userId}, ${version}, now()) returning id`
  const code = generateCertificateCode()
  await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at)
    values (${enrolment!.id}, ${code}, ${done.name}, 'Children Missing from Care', 90, now(), now())`

  // Item 13: the header leads a training lead to their organisation.
  await page.goto('/')
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Your organisation' }).click()
  await expect(page).toHaveURL(new RegExp(`/org/${orgId}$`))

  // Item 9: the completed learner's certificate from their row, and everyone's as a zip.
  const certificate = page.getByRole('link', { name: `Download the certificate of ${done.name} (PDF)` })
  await expect(certificate).toHaveAttribute('href', `/api/orgs/${orgId}/certificates/${code}/pdf`)
  const pdf = await page.request.get(`/api/orgs/${orgId}/certificates/${code}/pdf`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toContain('application/pdf')
  const zipLink = page.getByRole('link', { name: 'Download all certificates (zip)' })
  await expect(zipLink).toHaveAttribute('href', `/api/orgs/${orgId}/certificates.zip`)
  const zip = await page.request.get(`/api/orgs/${orgId}/certificates.zip`)
  expect(zip.status()).toBe(200)
  expect([...(await zip.body()).subarray(0, 2)]).toEqual([0x50, 0x4B]) // "PK"
  await expectNoSeriousA11yViolations(page)

  // Item 10: Outlook's "Surname, First <address>; ..." keeps whole names and makes no error rows.
  // Item 11: after checking, the preview's heading has the focus.
  await page.getByRole('link', { name: 'Invite people' }).click()
  const olivia = `olivia.hughes.${Date.now()}@example.org`
  const tom = `tom.wright.${Date.now()}@example.org`
  await page.getByLabel('Email addresses').fill(`Hughes, Olivia <${olivia}>; Wright, Tom <${tom}>`)
  await page.getByRole('button', { name: 'Check these addresses' }).click()
  await expect(page.getByRole('heading', { name: 'Check the list' })).toBeFocused()
  await expect(page.getByTestId('plan-summary')).toContainText('2 of 2 people are ready to invite.')
  await expect(page.getByRole('row', { name: `1 ${olivia} Olivia Hughes Ready` })).toBeVisible()
  await expect(page.getByRole('row', { name: `2 ${tom} Tom Wright Ready` })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Send 2 invitations' }).click()
  await expect(page.getByTestId('send-message')).toContainText('2 invitations are on the way.')
  await expect(page.getByTestId('send-message')).toBeFocused()

  // Item 12: "not started" counts the two open invitations (it used to say nobody needed a reminder).
  await page.getByRole('link', { name: /^Back to / }).click()
  const message = page.getByTestId('reminders-message')
  await page.getByRole('button', { name: 'Remind everyone who has not started' }).click()
  await expect(message).toContainText('Reminders are on their way to 1 learner')
  await expect(message).toContainText('2 people have not accepted their invitation yet')
  await expect(message).toContainText('2 invitations were not sent again: they were sent in the last 10 minutes')
  await expect(message).toBeInViewport()
  // Ten minutes on, "Resend all open invitations" sends both again, and says so beside the button.
  await sql`update invitations set sent_at = sent_at - interval '11 minutes' where organisation_id = ${orgId}`
  await page.getByRole('button', { name: 'Resend all open invitations' }).click()
  await expect(message).toContainText('2 invitations were sent again with a new link')
  await expect(message).toBeInViewport()
  const [sentToOlivia] = await sql<{ n: number }[]>`select count(*)::int as n from email_outbox where "to" = ${olivia} and template = 'seat-invitation'`
  expect(sentToOlivia!.n).toBe(2)

  // Item 11: a row action's result shows in its own row (here a refusal: it was sent moments ago).
  await page.getByRole('button', { name: `Resend the invitation to ${olivia}` }).click()
  const oliviaMessage = page.getByTestId(`row-message-${olivia}`)
  await expect(oliviaMessage).toContainText('This invitation was sent a few minutes ago.')
  await expect(oliviaMessage).toBeInViewport()

  // Item 12: Withdraw asks first, with the keyboard alone: Escape cancels and gives the focus back.
  const withdraw = page.getByRole('button', { name: `Withdraw the invitation to ${tom}` })
  await withdraw.focus()
  await page.keyboard.press('Enter')
  const ask = page.getByRole('dialog', { name: `Withdraw the invitation to ${tom}?` })
  await expect(ask).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await expectNoSeriousA11yViolations(page)
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(withdraw).toBeFocused()
  expect((await sql`select 1 from invitations where email = ${tom} and revoked_at is null`).length).toBe(1)
  await page.keyboard.press('Enter')
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(ask.getByRole('button', { name: 'Withdraw the invitation' })).toBeFocused()
  await page.keyboard.press('Enter')
  const tomMessage = page.getByTestId(`row-message-${tom}`)
  await expect(tomMessage).toHaveText(`The invitation to ${tom} is withdrawn and its licence is free again.`)
  await expect(tomMessage).toBeFocused()
  expect((await sql`select 1 from invitations where email = ${tom} and revoked_at is not null`).length).toBe(1)

  // Take back asks first too.
  await page.getByRole('button', { name: `Take back the licence of ${notStarted.name}` }).click()
  const takeBack = page.getByRole('dialog', { name: `Take back the licence of ${notStarted.name}?` })
  await takeBack.getByRole('button', { name: 'Take back the licence' }).click()
  await expect(page.getByTestId(`row-message-${notStarted.email}`)).toHaveText(`${notStarted.name} no longer has a licence; it is free again.`)
  await expectNoSeriousA11yViolations(page)

  // 320 px: the dashboard, a confirmation and the invitation page reflow without sideways scrolling.
  await page.setViewportSize({ width: 320, height: 640 })
  await page.reload()
  await expectNoSidewaysScroll(page, 'the dashboard')
  await page.getByRole('button', { name: `Withdraw the invitation to ${olivia}` }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await expectNoSidewaysScroll(page, 'the confirmation')
  const box = await page.getByRole('dialog').boundingBox()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(320)
  await page.keyboard.press('Escape')
  await page.goto(`/org/${orgId}/invite`)
  await expectNoSidewaysScroll(page, 'the invitation page')
  await expectNoSeriousA11yViolations(page)
})

test('an admin lands on the admin pages, erases a person only after confirming, and reads the audit log in words', async ({ page }) => {
  // Item 14: signing in without a destination takes an admin to /admin.
  const adminEmail = await createVerifiedAccount(page, 'Alys Admin')
  await e2eSql()`update users set is_admin = true where email = ${adminEmail}`
  await page.goto('/sign-in')
  await signInOnPage(page, adminEmail)
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Admin overview' })).toBeVisible()

  const targetEmail = `erin.target.${Date.now()}@example.org`
  const [target] = await e2eSql()<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${targetEmail}, 'Erin Target', 'not-a-hash', now()) returning id`
  const erin = { userId: target!.id, email: targetEmail }

  // The erase form is not open on the record: a button opens a confirmation that needs the address typed.
  await page.goto(`/admin/users/${erin.userId}`)
  await expect(page.getByLabel(`Type ${erin.email} to confirm`)).toBeHidden()
  await page.getByRole('button', { name: 'Erase this person…' }).click()
  const ask = page.getByRole('dialog', { name: 'Erase Erin Target permanently?' })
  await expect(ask).toBeVisible()
  const typed = ask.getByLabel(`Type ${erin.email} to confirm`)
  await expect(typed).toBeFocused()
  const erase = ask.getByRole('button', { name: 'Erase permanently' })
  await expect(erase).toBeDisabled()
  await expectNoSeriousA11yViolations(page)
  await typed.fill(erin.email)
  await erase.click()
  await expect(page.getByText('The account was erased')).toBeVisible()

  // The audit log: names and sentences, with the raw record kept for investigators.
  await page.goto(`/admin/audit?q=${erin.userId}`)
  const row = page.getByRole('row').filter({ hasText: 'Erased a person' })
  await expect(row).toContainText('Alys Admin')
  await expect(row).toContainText('erased user')
  await expect(row).toContainText('Certificates revoked: 0.')
  await expect(row.getByText(erin.userId)).toBeHidden()
  await row.getByText('Raw record').click()
  await expect(row.getByText(erin.userId)).toBeVisible()
  await expect(row.getByText('user.erased')).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.setViewportSize({ width: 320, height: 640 })
  for (const path of ['/admin/audit', `/admin/users/${erin.userId}`]) {
    await page.goto(path)
    await expectNoSidewaysScroll(page, path)
  }
})
