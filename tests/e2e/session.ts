import { expect, type Page } from '@playwright/test'
import { waitForApp } from './fixtures'

export const E2E_PASSWORD = 'a long and memorable phrase'

/** A header naming a client address of its own (the e2e server trusts X-Forwarded-For, as behind a load balancer). */
export function anotherClient(): Record<string, string> {
  // TEST-NET-3, an address range reserved for documentation: nothing is ever sent to it.
  return { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 254) + 1}` }
}

/**
 * An account whose email is already confirmed, made through the real API and the dev mailbox
 * (journeys about other things need not sign up through the pages every time).
 */
export async function createVerifiedAccount(page: Page, name: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.org`
  // The same origin as playwright.config.ts's baseURL: state-changing requests must name this site.
  const headers = { origin: `http://localhost:${process.env.E2E_PORT ?? 3199}`, ...anotherClient() }
  expect((await page.request.post('/api/auth/sign-up', { data: { name, email, password: E2E_PASSWORD }, headers })).status()).toBe(202)
  const { mails } = await (await page.request.get('/api/dev/mailbox')).json() as { mails: { to: string, subject: string, text: string }[] }
  const token = mails.find(m => m.to === email && m.subject === 'Confirm your email address')?.text.match(/#token=([a-z2-7]+)/)?.[1]
  expect(token).toBeTruthy()
  expect((await page.request.post('/api/auth/verify-email', { data: { token }, headers })).status()).toBe(200)
  // Confirming signs the person in; these journeys then sign in on the page themselves, as a returning user.
  expect((await page.request.post('/api/auth/sign-out', { headers })).status()).toBe(200)
  return email
}

/** Fills in the sign-in page the visitor has been sent to. */
export async function signInOnPage(page: Page, email: string) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await waitForApp(page)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
