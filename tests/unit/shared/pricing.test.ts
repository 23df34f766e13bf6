import { describe, expect, it } from 'vitest'
import { QUANTITY_RULE, cheaperBulkOrder, formatPence, groupThousands, priceFor } from '#shared/pricing'
import { pricingQuerySchema } from '#shared/types/checkout'

describe('licence pricing', () => {
  it.each([
    [1, 1500, 1500],
    [2, 1500, 3000],
    [40, 1500, 60000],
    [41, 1500, 61500],
    [49, 1500, 73500],
    [50, 1500, 75000],
    [51, 1200, 61200],
    [60, 1200, 72000],
    [9999, 1200, 11998800],
    [10000, 1200, 12000000],
  ])('%i licences cost %i pence each, %i in total', (quantity, unit, total) => {
    expect(priceFor(quantity)).toEqual({ quantity, unitPricePence: unit, totalPence: total, currency: 'gbp' })
  })

  it.each([0, -1, 1.5, 10001, Number.NaN, Number.POSITIVE_INFINITY])('refuses quantity %s', (q) => {
    expect(() => priceFor(q)).toThrow(RangeError)
  })

  it.each([
    [72000, '£720.00'],
    [61200, '£612.00'],
    [1500, '£15.00'],
    [12000000, '£120,000.00'],
    [5, '£0.05'],
    [-50, '-£0.50'],
    [-150050, '-£1,500.50'],
  ])('formats %i pence as %s', (pence, text) => expect(formatPence(pence)).toBe(text))

  it('groups thousands as en-GB does, without the locale data', () => {
    const wholes = [0, 7, 999, 1000, 10_000, 99_999, 100_000, 1_234_567, 120_000_000, -1500]
    for (const n of wholes) expect(groupThousands(n)).toBe(n.toLocaleString('en-GB'))
    expect(QUANTITY_RULE).toBe('Enter a whole number of licences from 1 to 10,000.')
  })
})

describe('the hint that a bigger order costs less', () => {
  it.each([41, 45, 50])('tells a buyer of %i that 51 licences cost £612.00', (q) => {
    expect(cheaperBulkOrder(q)).toEqual({ quantity: 51, unitPricePence: 1200, totalPence: 61200, currency: 'gbp' })
  })

  it.each([1, 40, 51, 60, 10000, 0, 1.5])('says nothing for %s', (q) => {
    expect(cheaperBulkOrder(q)).toBeNull()
  })
})

describe('the quantity in GET /api/pricing', () => {
  it.each([['1', 1], ['50', 50], ['51', 51], ['10000', 10000], ['007', 7]])('reads %s as %i', (text, n) => {
    expect(pricingQuerySchema.parse({ quantity: text })).toEqual({ quantity: n })
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['abc', 'abc'],
    ['1.5', '1.5'],
    ['0', '0'],
    ['-1', '-1'],
    ['10001', '10001'],
    ['1e3', '1e3'],
    ['spaces', ' 5'],
    ['a list', ['1', '2']],
    ['huge', '1000000000'],
  ])('refuses %s, saying what is allowed', (_label, quantity) => {
    const result = pricingQuerySchema.safeParse({ quantity })
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.message).toBe('Enter a whole number of licences from 1 to 10,000.')
  })
})
