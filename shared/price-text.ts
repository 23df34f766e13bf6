import { formatPence, groupThousands } from './pricing'

/** A price for a headline or a button: whole pounds read as "£15", anything else as "£12.50". */
export function formatPrice(pence: number): string {
  return pence % 100 === 0 ? `£${groupThousands(pence / 100)}` : formatPence(pence)
}
