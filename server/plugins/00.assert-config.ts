/**
 * A production server must be able to send its emails to real addresses with working links and take
 * real payments, so it refuses to start without them rather than fail quietly later. In particular it
 * never runs the test checkout, which stands in for Stripe when no keys are set.
 */
export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  const config = useRuntimeConfig()
  // A movable clock would let anyone's learning time be faked: only a test server may have one.
  if (config.testClock && config.appEnv !== 'test') {
    console.error(`Refusing to start: NUXT_TEST_CLOCK is for tests only (NUXT_APP_ENV=test), and this server is "${config.appEnv}".`)
    process.exit(1)
  }
  if (config.appEnv !== 'production') return
  const missing = [
    !config.public.siteUrl && 'NUXT_PUBLIC_SITE_URL (the public https:// address, used in emailed links)',
    !config.smtpUrl && 'NUXT_SMTP_URL (the mail server, e.g. smtps://user:pass@smtp.example.org)',
    !config.stripe.secretKey && 'NUXT_STRIPE_SECRET_KEY (Stripe secret key, sk_live_... or sk_test_...)',
    !config.stripe.webhookSecret && 'NUXT_STRIPE_WEBHOOK_SECRET (signing secret of the Stripe webhook endpoint /webhooks/stripe, whsec_...)',
  ].filter(Boolean)
  if (missing.length) {
    console.error(`Refusing to start in production without:\n  ${missing.join('\n  ')}`)
    process.exit(1)
  }
})
