import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { DomainError } from '../../../domain/platform/errors'
import { buyerInvoiceId } from '../../../services/billing/orders'

/**
 * Sends the buyer to the invoice Stripe made for their order (a PDF their finance team can file). An invoice
 * order's page is Stripe's hosted invoice page (or, without Stripe keys, the local test invoice page).
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParams(event, z.object({ id: uuidParam('There is no such order.') }))
  const { invoiceId, invoiceUrl } = await buyerInvoiceId(await useDb(), user.id, id)
  const stripe = useStripe()
  if (!stripe) {
    if (invoiceUrl) return sendRedirect(event, invoiceUrl, 302)
    throw new DomainError('not_found', 'The test checkout makes no invoices.')
  }
  let invoice
  try {
    invoice = await stripe.invoices.retrieve(invoiceId!)
  }
  catch {
    throw new DomainError('unavailable', 'We could not fetch your invoice from our payment provider. Please try again in a few minutes.')
  }
  const url = invoice.hosted_invoice_url ?? invoice.invoice_pdf
  if (!url) throw new DomainError('not_found', 'The invoice is not ready yet. Please try again in a few minutes.')
  return sendRedirect(event, url, 302)
})
