/** Statuses that may still change on their own (the success page keeps checking while an order is in one). */
export const UNSETTLED_STATUSES: readonly string[] = ['pending', 'processing']
