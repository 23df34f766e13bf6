import { z } from 'zod'
import { isTestInvoiceId } from '../../../services/billing/invoices'
import { describeTestInvoice } from '../../../services/billing/test-invoice'

const testInvoiceParams = z.object({ invoiceId: z.string().refine(isTestInvoiceId, { error: 'There is no such invoice.' }) })

/** The test invoice page's invoice (development without Stripe keys only; the buyer only). */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  setHeader(event, 'cache-control', 'no-store')
  const { invoiceId } = readParams(event, testInvoiceParams)
  return describeTestInvoice(await useDb(), user.id, invoiceId)
})
