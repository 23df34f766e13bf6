import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createThrowawayDatabase, startTestPostgres } from '../support/database'
import { startFakeStripe } from '../support/fake-stripe'
import { assertTestBuild, startBuiltServer } from '../support/server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    databaseUrl: string
    fakeStripeUrl: string
    stripeWebhookSecret: string
    scormContentSecret: string
  }
}

/**
 * One throwaway PostgreSQL database (on DATABASE_URL's server, the local one, or an embedded one started here),
 * one fake Stripe and one built server for the whole integration run.
 * The server talks to the fake Stripe through the real SDK and verifies webhooks with this run's secret.
 */
export default async function setup(project: TestProject) {
  const postgresServer = await startTestPostgres()
  if (postgresServer.source === 'embedded') console.info(`No PostgreSQL on 127.0.0.1:${process.env.TEST_PG_PORT || 5432}: the integration tests use an embedded one on ${new URL(postgresServer.url).host}.`)
  const database = await createThrowawayDatabase(postgresServer.url, 'it')
  const stripe = await startFakeStripe()
  const webhookSecret = `whsec_it_${randomBytes(16).toString('hex')}`
  // Known to the tests, so they can make expired and foreign package-file addresses.
  const scormContentSecret = randomBytes(32).toString('base64url')
  // SCORM packages go to a throwaway folder; a small upload limit lets a test send an oversized file cheaply.
  const scormDir = mkdtempSync(join(tmpdir(), 'cmfc-it-scorm-'))
  const server = await startBuiltServer({
    DATABASE_URL: database.url,
    NUXT_STRIPE_SECRET_KEY: 'sk_test_integration',
    NUXT_STRIPE_WEBHOOK_SECRET: webhookSecret,
    NUXT_STRIPE_API_BASE: stripe.url,
    // Trusting X-Forwarded-For (as behind a load balancer) lets each test count as its own client for rate limits.
    NUXT_TRUST_PROXY: 'true',
    NUXT_SCORM_DIR: scormDir,
    NUXT_SCORM_MAX_UPLOAD_MB: '5',
    NUXT_SCORM_CONTENT_SECRET: scormContentSecret,
    // Tests let time pass for the learning-time rules by moving the server's clock (POST /api/test/clock).
    NUXT_TEST_CLOCK: 'true',
  }, '127.0.0.1')
  await assertTestBuild(server)
  project.provide('baseUrl', server.url)
  project.provide('databaseUrl', database.url)
  project.provide('fakeStripeUrl', stripe.url)
  project.provide('stripeWebhookSecret', webhookSecret)
  project.provide('scormContentSecret', scormContentSecret)
  return async () => {
    await server.stop()
    await stripe.stop()
    await database.drop()
    await postgresServer.stop()
    rmSync(scormDir, { recursive: true, force: true })
  }
}
