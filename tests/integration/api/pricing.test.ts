import { describe, expect, it } from 'vitest'
import { Client } from '../helpers/client'

describe('GET /api/pricing', () => {
  it.each([
    [1, 1500, 1500],
    [50, 1500, 75000],
    [51, 1200, 61200],
    [60, 1200, 72000],
    [10000, 1200, 12000000],
  ])('prices %i licences at %i pence each, %i in total', async (quantity, unit, total) => {
    const res = await new Client().get(`/api/pricing?quantity=${quantity}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ quantity, unitPricePence: unit, totalPence: total, currency: 'gbp' })
  })

  it.each([
    ['missing', ''],
    ['empty', '?quantity='],
    ['not a number', '?quantity=abc'],
    ['not whole', '?quantity=1.5'],
    ['zero', '?quantity=0'],
    ['negative', '?quantity=-1'],
    ['too large', '?quantity=10001'],
    ['in exponent form', '?quantity=1e3'],
    ['given twice', '?quantity=1&quantity=2'],
  ])('answers 400 for a quantity that is %s, saying what is allowed', async (_label, query) => {
    const res = await new Client().get(`/api/pricing${query}`)
    expect(res.status).toBe(400)
    expect(res.json.message).toMatch(/whole number of licences from 1 to 10,000/)
  })
})
