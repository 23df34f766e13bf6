import { describeTestInvoice } from '../../../services/test-invoice'

/** The test invoice page's invoice (development without Stripe keys only; the buyer only). */
export default defineApiHandler(async (event) => {
  requireTestCheckout()
  const { user } = requireUser(event)
  setHeader(event, 'cache-control', 'no-store')
  return describeTestInvoice(await useDb(), user.id, getRouterParam(event, 'invoiceId') ?? '')
})
