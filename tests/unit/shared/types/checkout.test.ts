import { describe, expect, it } from 'vitest'
import { checkoutSchema } from '#shared/types/checkout'

const requestId = '0b6a4c2e-7a4f-4c1e-9a43-5d1f0c8b2e11'
const orgId = '5f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f'
const forOrg = { requestId, buyingFor: 'organisation', quantity: 60, organisationName: 'Northshire County Council, Children\'s Services' }

describe('the checkout request', () => {
  it.each([
    ['an individual licence', { requestId, buyingFor: 'myself', quantity: 1 }],
    ['a new organisation', forOrg],
    ['an organisation I manage', { requestId, buyingFor: 'organisation', quantity: 5, organisationId: orgId }],
    ['with a purchase order', { ...forOrg, purchaseOrderRef: 'PO-2026-0042' }],
  ])('accepts %s', (_label, body) => {
    expect(checkoutSchema.safeParse(body).success).toBe(true)
  })

  it.each(['price', 'unitPricePence', 'unit_amount', 'amount', 'totalPence', 'currency', 'price_id'])('refuses a body that sends %s', (field) => {
    const result = checkoutSchema.safeParse({ ...forOrg, [field]: 1 })
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.message).toBe(`Unexpected field: ${field}. Prices are set by the server.`)
  })

  it.each([
    ['two licences for myself', { requestId, buyingFor: 'myself', quantity: 2 }, /one licence/],
    ['myself with an organisation', { requestId, buyingFor: 'myself', quantity: 1, organisationName: 'X Council' }, /does not belong/],
    ['an organisation with no name or id', { requestId, buyingFor: 'organisation', quantity: 3 }, /Name a new organisation/],
    ['an organisation with both name and id', { ...forOrg, organisationId: orgId }, /not both/],
    ['a quantity given as text', { ...forOrg, quantity: '60' }, /whole number/],
    ['a fractional quantity', { ...forOrg, quantity: 1.5 }, /whole number/],
    ['too many licences', { ...forOrg, quantity: 10001 }, /whole number/],
    ['no licences', { ...forOrg, quantity: 0 }, /whole number/],
    ['no request id', { buyingFor: 'myself', quantity: 1 }, /UUID/],
    ['a one-letter organisation', { ...forOrg, organisationName: ' X ' }, /name of your organisation/],
    ['a control character in the purchase order', { ...forOrg, purchaseOrderRef: 'PO\u0007' }, /control characters/],
    ['a long purchase order', { ...forOrg, purchaseOrderRef: 'P'.repeat(61) }, /at most 60/],
  ])('refuses %s', (_label, body, message) => {
    const result = checkoutSchema.safeParse(body)
    expect(result.success).toBe(false)
    expect(result.error!.issues.map(i => i.message).join(' ')).toMatch(message)
  })
})
