/**
 * The price rule, shared by the server (which charges) and the pages (which show it).
 * A volume tier: an order of more than 50 licences costs the lower price for every licence.
 */
export const MIN_QUANTITY = 1
export const MAX_QUANTITY = 10_000
export const STANDARD_UNIT_PENCE = 1500
export const BULK_UNIT_PENCE = 1200
/** Orders of more than this many licences get the bulk price. */
export const BULK_THRESHOLD = 50

export interface Price {
  quantity: number
  unitPricePence: number
  totalPence: number
  currency: 'gbp'
}

export function isValidQuantity(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= MIN_QUANTITY && quantity <= MAX_QUANTITY
}

export function priceFor(quantity: number): Price {
  if (!isValidQuantity(quantity)) throw new RangeError(`Quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}.`)
  const unitPricePence = quantity > BULK_THRESHOLD ? BULK_UNIT_PENCE : STANDARD_UNIT_PENCE
  return { quantity, unitPricePence, totalPence: unitPricePence * quantity, currency: 'gbp' }
}

/**
 * 120000 → "120,000", as en-GB writes a whole number. Written out rather than `toLocaleString('en-GB')`: the first
 * use of the browser's locale data is slow, and this module loads with every section page (the licence offer), where
 * QUANTITY_RULE below was formatted as the page started. The section page's script time at 4× CPU slowdown fell
 * from a median of 522 to 263 ms without it (docs/measured.md).
 */
export function groupThousands(whole: number): string {
  const digits = String(Math.abs(Math.trunc(whole)))
  return (whole < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',')
}

/** 72000 → "£720.00", -50 → "-£0.50". Integer pence in, text out: no floating-point money anywhere. */
export function formatPence(pence: number): string {
  const rest = String(Math.abs(pence % 100)).padStart(2, '0')
  return `${pence < 0 ? '-' : ''}£${groupThousands(Math.abs(Math.trunc(pence / 100)))}.${rest}`
}

/** What the buyer is told when their quantity is out of range (page and API say the same). */
export const QUANTITY_RULE = `Enter a whole number of licences from ${MIN_QUANTITY} to ${groupThousands(MAX_QUANTITY)}.`

/**
 * The volume tier makes some orders dearer than a bigger one (41 licences cost more than 51).
 * Returns the smallest bulk order that costs less than this one, or null when there is none.
 */
export function cheaperBulkOrder(quantity: number): Price | null {
  if (!isValidQuantity(quantity) || quantity > BULK_THRESHOLD) return null
  const bulk = priceFor(BULK_THRESHOLD + 1)
  return bulk.totalPence < priceFor(quantity).totalPence ? bulk : null
}
