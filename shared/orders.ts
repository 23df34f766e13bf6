/** An order as the API shows it to its buyer (dates as ISO text). The pages render it; the server is the source. */
export interface OrderSummary {
  id: string
  /** CMC-2026-00042: what people read, search for and quote to us. */
  reference: string
  status: 'pending' | 'processing' | 'invoiced' | 'paid' | 'failed' | 'expired' | 'refunded' | 'void'
  payBy: 'card' | 'invoice'
  vatPence: number
  billingEmail: string | null
  invoiceDueAt: string | null
  suspendedAt: string | null
  kind: 'individual' | 'organisation'
  quantity: number
  unitPricePence: number
  totalPence: number
  refundedPence: number
  purchaseOrderRef: string | null
  organisationId: string | null
  organisationName: string | null
  hasInvoice: boolean
  createdAt: string
  paidAt: string | null
  seats: { available: number, invited: number, assigned: number, revoked: number }
}

/** Statuses that may still change on their own (the success page keeps checking while an order is in one). */
export const UNSETTLED_STATUSES: OrderSummary['status'][] = ['pending', 'processing']
