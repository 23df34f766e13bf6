import { formatPence } from './pricing'

/** A price for a headline or a button: whole pounds read as "£15", anything else as "£12.50". */
export function formatPrice(pence: number): string {
  return pence % 100 === 0 ? `£${(pence / 100).toLocaleString('en-GB')}` : formatPence(pence)
}
