import { describe, expect, it } from 'vitest'
import { formatPence, priceFor } from '#shared/pricing'

describe('licence pricing', () => {
  it.each([
    [1, 1500, 1500],
    [41, 1500, 61500],
    [50, 1500, 75000],
    [51, 1200, 61200],
    [60, 1200, 72000],
    [10000, 1200, 12000000],
  ])('%i licences cost %i pence each, %i in total', (quantity, unit, total) => {
    expect(priceFor(quantity)).toEqual({ quantity, unitPricePence: unit, totalPence: total, currency: 'gbp' })
  })

  it.each([0, -1, 1.5, 10001, Number.NaN])('refuses quantity %s', (q) => {
    expect(() => priceFor(q)).toThrow(RangeError)
  })

  it.each([
    [72000, '£720.00'],
    [61200, '£612.00'],
    [1500, '£15.00'],
    [12000000, '£120,000.00'],
    [5, '£0.05'],
  ])('formats %i pence as %s', (pence, text) => expect(formatPence(pence)).toBe(text))
})
