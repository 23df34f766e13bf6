import type Stripe from 'stripe'
import { formatPence } from '#shared/pricing'

/** The order as Stripe needs to see it. Prices come from the order row, which the server priced. */
export interface CheckoutOrder {
  id: string
  /** CMC-2026-00042: on the payment page, the receipt and the invoice, where people read it. */
  reference: string
  kind: 'individual' | 'organisation'
  quantity: number
  unitPricePence: number
  currency: string
  organisationName: string | null
  purchaseOrderRef: string | null
}

export const PRODUCT_NAME = 'Children Missing from Care: course licence'

/** One key per order: a double click, a retry or a concurrent request can only ever make one Checkout Session. */
export function checkoutIdempotencyKey(orderId: string) {
  return `checkout-session-${orderId}`
}

export function orderPaths(orderId: string) {
  return {
    success: `/checkout/success?order=${orderId}`,
    cancel: `/checkout/cancelled?order=${orderId}`,
  }
}

/**
 * The Checkout Session for an order: payment mode, one line item at the server's unit price with a
 * fixed quantity (an adjustable quantity would not move between price tiers), the order id in
 * client_reference_id and metadata, and an invoice carrying the purchase-order reference.
 */
export function checkoutSessionParams(order: CheckoutOrder, buyerEmail: string, siteUrl: string): Stripe.Checkout.SessionCreateParams {
  const paths = orderPaths(order.id)
  const forWhom = order.kind === 'organisation' && order.organisationName ? ` for ${order.organisationName}` : ''
  const description = `${order.reference}: ${order.quantity} × ${PRODUCT_NAME} at ${formatPence(order.unitPricePence)}${forWhom}`
  const metadata: Record<string, string> = { order_id: order.id, reference: order.reference, kind: order.kind }
  if (order.purchaseOrderRef) metadata.purchase_order_ref = order.purchaseOrderRef
  return {
    mode: 'payment',
    locale: 'en-GB',
    line_items: [{
      quantity: order.quantity,
      price_data: {
        currency: order.currency,
        unit_amount: order.unitPricePence,
        product_data: {
          name: PRODUCT_NAME,
          description: 'Online course for foster carers, children\'s home staff and social workers, with a CPD certificate.',
        },
      },
    }],
    client_reference_id: order.id,
    metadata,
    customer_email: buyerEmail,
    // A finance team needs the buyer's address on the invoice.
    billing_address_collection: 'required',
    payment_intent_data: { description, metadata: { order_id: order.id } },
    invoice_creation: {
      enabled: true,
      invoice_data: {
        description,
        metadata: { order_id: order.id },
        custom_fields: [
          ...(order.purchaseOrderRef ? [{ name: 'Purchase order', value: order.purchaseOrderRef }] : []),
          { name: 'Order', value: order.reference },
        ],
      },
    },
    success_url: siteUrl + paths.success,
    cancel_url: siteUrl + paths.cancel,
  }
}
