/** An order as the API shows it to its buyer (dates as ISO text). The pages render it; the server is the source. */
export interface OrderSummary {
  id: string
  status: 'pending' | 'processing' | 'paid' | 'failed' | 'expired' | 'refunded'
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
