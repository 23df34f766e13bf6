import { expect, test } from './fixtures'
import { expectNoSeriousA11yViolations } from './axe'
import { createVerifiedAccount, E2E_PASSWORD } from './session'

test('a carer signs up, confirms their email from the mailbox, signs in and out, on a phone', async ({ page }) => {
  const email = `carer.${Date.now()}@example.org`
  const password = 'a long and memorable phrase'

  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Children Missing from Care' })).toBeVisible()
  await expect(page.getByText('£15.00')).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'Create an account' }).first().click()
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  // A mistake is explained next to the field and announced.
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  // Announced in a live region above the form, and tied to the field itself.
  await expect(page.getByText(/^Please check the form\..*Use at least 10 characters\./)).toBeVisible()
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Use at least 10 characters\./)
  await expectNoSeriousA11yViolations(page)

  await page.getByLabel('Full name').fill('Sam Carer')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText(/Check your email/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.goto('/dev/mailbox')
  const mail = page.getByRole('article', { name: `Confirm your email address, to ${email}` })
  await expect(mail).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await mail.getByRole('link', { name: /verify-email/ }).click()
  await expect(page.getByText('Your email address is confirmed, and you are signed in.')).toBeVisible()
  await expect(page).toHaveURL(/\/verify-email$/) // the token is gone from the address bar
  // Confirming signs them in: no password to type again, and one clear way to buy a licence.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(page.getByRole('link', { name: /^Get a licence, £\d/ })).toHaveAttribute('href', '/buy')
  await expectNoSeriousA11yViolations(page)

  // Back as a returning user: sign out, then in with the password.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('link', { name: 'Sign in' }).first().click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('not the right password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText('That email and password do not match an account.')).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()

  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
  await expect(page.getByText('Sam Carer')).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible()
  await page.goto('/account')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
})

test('a forgotten password is reset from the emailed link', async ({ page }) => {
  const email = `reset.${Date.now()}@example.org`
  await page.goto('/sign-up')
  await page.getByLabel('Full name').fill('Riley Reset')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('my first passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText(/Check your email/)).toBeVisible()

  await page.goto('/forgot-password')
  await expectNoSeriousA11yViolations(page)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.getByText(/If an account uses that address/)).toBeVisible()

  await page.goto('/dev/mailbox')
  await page.getByRole('article', { name: `Reset your password, to ${email}` }).getByRole('link', { name: /reset-password/ }).click()
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
  await page.getByLabel('New password').fill('my second passphrase')
  await page.getByRole('button', { name: 'Save the new password' }).click()
  await expect(page.getByText('Your password has been changed.')).toBeVisible()

  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('my second passphrase')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
})

test('on a slow phone connection, what is typed and sent before the page has loaded its scripts is kept and sent', async ({ page: fixturePage }) => {
  const email = await createVerifiedAccount(fixturePage, 'Early Typist')
  // A page of the same browser without the fixture's goto, which waits for hydration: that is what is held back.
  const page = await fixturePage.context().newPage()
  // The app's scripts wait until the person has typed and pressed Enter, as on a slow connection.
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  await page.route('**/_nuxt/**/*.js', async (route) => {
    await released
    await route.continue()
  })
  // Not 'domcontentloaded': that event waits for the (held) module scripts.
  await page.goto('/sign-in', { waitUntil: 'commit' })
  await page.getByLabel('Email').pressSequentially(email)
  await page.getByLabel('Password').pressSequentially(E2E_PASSWORD)
  await page.getByLabel('Password').press('Enter')
  // Held: the bare HTML form was not posted (the server would refuse it), and the page has not hydrated yet.
  await expect(page).toHaveURL(/\/sign-in$/)
  await expect(page.locator('html[data-hydrated]')).toHaveCount(0)
  release()
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
  await expect(page.getByText('Early Typist')).toBeVisible()
})

test('a form sent too soon and then typed into again is not sent for the person when the page is ready', async ({ page: fixturePage }) => {
  const email = await createVerifiedAccount(fixturePage, 'Early Go')
  const page = await fixturePage.context().newPage()
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  await page.route('**/_nuxt/**/*.js', async (route) => {
    await released
    await route.continue()
  })
  await page.goto('/sign-in', { waitUntil: 'commit' })
  // A phone's Go key in the email field sends the form before the password is in.
  await page.getByLabel('Email').pressSequentially(email)
  await page.getByLabel('Email').press('Enter')
  await page.getByLabel('Password').pressSequentially(E2E_PASSWORD)
  release()
  await expect(page.locator('html[data-hydrated="true"]')).toBeAttached()
  // Not sent with a half-typed password (a failed sign-in would count against them); what they typed is kept.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByText('That email and password do not match an account.')).toHaveCount(0)
  await expect(page.getByLabel('Email')).toHaveValue(email)
  await expect(page.getByLabel('Password')).toHaveValue(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
})
