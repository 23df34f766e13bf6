import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import Stripe from 'stripe'
import type { CheckoutGateway } from '../services/billing/checkout'
import { stripeInvoiceGateway, testInvoiceGateway, type InvoiceGateway } from '../services/billing/invoices'
import { DomainError } from '../domain/platform/errors'
import { testCheckoutGateway } from '../services/billing/test-checkout'

let client: Stripe | undefined
let processSecret: string | undefined

/** NUXT_STRIPE_API_BASE points the SDK somewhere other than api.stripe.com: the fake Stripe in tests. */
function apiAddress(apiBase: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {}
  const url = new URL(apiBase)
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol }
}

/** The Stripe client, or null when no secret key is set: then the local test checkout stands in. */
export function useStripe(): Stripe | null {
  const { stripe } = useRuntimeConfig()
  if (!stripe.secretKey) return null
  client ??= new Stripe(stripe.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'children-missing-from-care' },
    ...apiAddress(stripe.apiBase),
  })
  return client
}

/**
 * The secret webhooks are signed with: NUXT_STRIPE_WEBHOOK_SECRET, or (with no keys, in development)
 * one made for this process, which the test checkout signs its events with.
 */
export function webhookSecret(): string {
  const { stripe } = useRuntimeConfig()
  if (stripe.webhookSecret) return stripe.webhookSecret
  processSecret ??= `whsec_local_${randomBytes(24).toString('hex')}`
  return processSecret
}

/**
 * No Stripe keys on a build without the test tools (build/test-tools.ts): a production build started in development or
 * test mode (production mode refuses to start without keys). It refuses to take payment, saying why, before an
 * order exists.
 */
function paymentsNotSetUp(): never {
  throw new DomainError('unavailable', 'Payments are not set up on this server yet, so nothing has been ordered or charged. (It needs its Stripe keys: NUXT_STRIPE_SECRET_KEY and NUXT_STRIPE_WEBHOOK_SECRET.)', { code: 'payments_not_configured' })
}

export function useCheckoutGateway(): CheckoutGateway {
  const stripe = useStripe()
  // The constant comes first so a build without the test tools drops the test gateway entirely.
  if (!stripe) return import.meta.testTools ? testCheckoutGateway : paymentsNotSetUp()
  return {
    async createSession(params, idempotencyKey) {
      const session = await stripe.checkout.sessions.create(params, { idempotencyKey })
      if (!session.url) throw new Error(`Stripe returned session ${session.id} without a URL`)
      return { id: session.id, url: session.url }
    },
  }
}

/** Stripe Invoices, or (with no keys) invoices the local test invoice page stands in for. */
export function useInvoiceGateway(): InvoiceGateway {
  const stripe = useStripe()
  if (stripe) return stripeInvoiceGateway(stripe)
  return import.meta.testTools ? testInvoiceGateway(serverNow) : paymentsNotSetUp()
}

/**
 * The test checkout page exists only in development and test builds, and there only while no Stripe keys are set
 * (never in production: the server would not start).
 */
export function requireTestCheckout() {
  if (useStripe()) throw createError({ statusCode: 404, statusMessage: 'Not found' })
}

/**
 * Sends an event to our own webhook exactly as Stripe would: signed with the SDK, posted to
 * /webhooks/stripe through the whole server stack (in-process, no network), verified there like any other.
 */
export async function deliverSignedEvent(event: H3Event, payload: object) {
  const body = JSON.stringify(payload)
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret() })
  return $fetch<{ received: boolean, outcome: string }>('/webhooks/stripe', {
    method: 'POST',
    body,
    // The same host as the tester's request, so links in the emails it causes point back here.
    headers: { 'content-type': 'application/json', 'stripe-signature': signature, 'host': getRequestHost(event) },
  })
}

export function verifyStripeEvent(raw: Buffer, signature: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(raw, signature, webhookSecret())
}

