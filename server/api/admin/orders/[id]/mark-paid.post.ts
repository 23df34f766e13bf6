import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { markInvoicePaidOutOfBand } from '../../../../services/billing/invoices'
import { testInvoiceEventForOrder } from '../../../../services/billing/test-invoice'

/**
 * An admin records that an invoice was paid outside Stripe (a cheque, a transfer to another account). Stripe marks
 * the invoice paid out of band and sends invoice.paid; without Stripe keys the same signed event is delivered here.
 * Audited as order.marked_paid_out_of_band; the order becomes paid when the event is applied.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam('There is no such order.') }))
  const db = await useDb()
  const order = await markInvoicePaidOutOfBand(db, useInvoiceGateway(), user.id, id)
  if (import.meta.testTools && !useStripe()) await deliverSignedEvent(event, testInvoiceEventForOrder(order, 'pay', serverNow()))
  return { orderId: order.id, reference: order.reference }
})
