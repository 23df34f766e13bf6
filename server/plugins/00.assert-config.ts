import { APP_ENVS, isKnownAppEnv } from '../domain/platform/app-env'
import { REFERENCE_PREFIX, vatBasisPoints } from '../domain/billing/billing'

/**
 * An unknown NUXT_APP_ENV refuses to start: every mode-dependent check is an allowlist of known modes.
 *
 * A production server must be able to send its emails to real addresses with working links and take
 * real payments, so it refuses to start without them rather than fail quietly later. In particular it
 * never runs the test checkout, which stands in for Stripe when no keys are set.
 */
export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  const config = useRuntimeConfig()
  if (!isKnownAppEnv(config.appEnv)) {
    console.error(`Refusing to start: NUXT_APP_ENV is "${config.appEnv}", which is not one of ${APP_ENVS.join(', ')}.`)
    process.exit(1)
  }
  // A movable clock would let anyone's learning time be faked: only a test server may have one.
  if (config.testClock && config.appEnv !== 'test') {
    console.error(`Refusing to start: NUXT_TEST_CLOCK is for tests only (NUXT_APP_ENV=test), and this server is "${config.appEnv}".`)
    process.exit(1)
  }
  const billing = [
    vatBasisPoints(config.vatRatePercent) === null && `NUXT_VAT_RATE_PERCENT is "${config.vatRatePercent}": a number from 0 to 100 with at most two decimals.`,
    !REFERENCE_PREFIX.test(String(config.orderReferencePrefix)) && `NUXT_ORDER_REFERENCE_PREFIX is "${config.orderReferencePrefix}": 2 to 8 capital letters or digits, starting with a letter.`,
    !(Number.isInteger(Number(config.invoiceSuspendAfterDays)) && Number(config.invoiceSuspendAfterDays) >= 1 && Number(config.invoiceSuspendAfterDays) <= 365) && `NUXT_INVOICE_SUSPEND_AFTER_DAYS is "${config.invoiceSuspendAfterDays}": a whole number of days from 1 to 365.`,
    !String(config.supplierName).trim() && 'NUXT_SUPPLIER_NAME is empty: quotes and invoices must name the supplier.',
    Number(config.vatRatePercent) > 0 && !String(config.supplierVatNumber).trim() && 'NUXT_VAT_RATE_PERCENT is above 0 but NUXT_SUPPLIER_VAT_NUMBER is empty: a VAT invoice must show the VAT number.',
  ].filter(Boolean)
  if (billing.length) {
    console.error(`Refusing to start: council buying settings are wrong:\n  ${billing.join('\n  ')}`)
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
