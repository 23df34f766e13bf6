import { testInvoiceSchema } from '#shared/schemas/checkout'
import { testInvoiceEventFor } from '../../../services/test-invoice'

/**
 * The test invoice page's "Pay" (and its other outcomes: a failed payment, overdue, void, uncollectible): makes the
 * event Stripe would send, signs it and delivers it to /webhooks/stripe, so the order goes through the real code.
 */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  const { outcome } = await readBodyAs(event, testInvoiceSchema)
  const { orderId, event: stripeEvent } = await testInvoiceEventFor(await useDb(), user.id, getRouterParam(event, 'invoiceId') ?? '', outcome, serverNow())
  const delivered = await deliverSignedEvent(event, stripeEvent)
  return { orderId, outcome: delivered.outcome }
})
