import { z } from 'zod'
import { testInvoiceSchema } from '#shared/types/checkout'
import { isTestInvoiceId } from '../../../services/billing/invoices'
import { testInvoiceEventFor } from '../../../services/billing/test-invoice'

const testInvoiceParams = z.object({ invoiceId: z.string().refine(isTestInvoiceId, { error: 'There is no such invoice.' }) })

/**
 * The test invoice page's "Pay" (and its other outcomes: a failed payment, overdue, void, uncollectible): makes the
 * event Stripe would send, signs it and delivers it to /webhooks/stripe, so the order goes through the real code.
 */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  const { outcome } = await readBodyAs(event, testInvoiceSchema)
  const { invoiceId } = readParams(event, testInvoiceParams)
  const { orderId, event: stripeEvent } = await testInvoiceEventFor(await useDb(), user.id, invoiceId, outcome, serverNow())
  const delivered = await deliverSignedEvent(event, stripeEvent)
  return { orderId, outcome: delivered.outcome }
})
