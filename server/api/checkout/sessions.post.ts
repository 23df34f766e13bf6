import { checkoutSchema } from '#shared/types/checkout'
import { startCheckout } from '../../services/billing/checkout'

/**
 * Starts paying for licences, by card (Stripe Checkout) or, for an organisation, by invoice (payBy: 'invoice',
 * with a purchase order reference and a billing email). The body says how many and for whom, never a price: the
 * server prices the order (or holds a valid quote's price), and any price-like field is refused. Answers with the
 * order's reference and the address of the payment page (or of the invoice, whose licences already exist).
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const input = await readBodyAs(event, checkoutSchema)
  const context = { gateway: useCheckoutGateway(), invoices: useInvoiceGateway(), settings: billingSettings(), siteUrl: siteUrl(event), now: serverNow() }
  const result = await startCheckout(await useDb(), context, user, input)
  setResponseStatus(event, 201)
  return result
})
