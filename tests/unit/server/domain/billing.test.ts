import { describe, expect, it } from 'vitest'
import {
  daysOverdue, decideInvoiceEvent, formatReference, invoiceChasers, invoiceDueAt, invoiceItemParams, invoiceParams,
  quoteValidUntil, referenceYear, supplierLines, vatBasisPoints, vatFor,
} from '../../../../server/domain/billing/billing'
import { testInvoiceEvent, testInvoiceOutcomesFor } from '../../../../server/domain/billing/test-invoice'

const DAY = 86_400_000

describe('references people can read', () => {
  it('orders are CMC-2026-00042 and quotes CMC-Q-2026-00007, numbered within the year', () => {
    expect(formatReference('CMC', 'order', 2026, 42)).toBe('CMC-2026-00042')
    expect(formatReference('CMC', 'quote', 2026, 7)).toBe('CMC-Q-2026-00007')
    expect(formatReference('NSCC', 'order', 2027, 123456)).toBe('NSCC-2027-123456')
  })

  it('takes the year in London: just after midnight on New Year\'s Day UK time is the new year', () => {
    expect(referenceYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026)
    expect(referenceYear(new Date('2027-01-01T00:00:01Z'))).toBe(2027)
  })
})

describe('VAT', () => {
  it('is 0 by default, so the price is what the buyer pays', () => {
    expect(vatFor(72000, 0)).toBe(0)
  })

  it('at 20% on £720.00 is £144.00, rounded half up on the whole total', () => {
    expect(vatFor(72000, 2000)).toBe(14400)
    expect(vatFor(1, 5000)).toBe(1)
    expect(vatFor(1, 4999)).toBe(0)
  })

  it('reads NUXT_VAT_RATE_PERCENT strictly: 0 to 100, at most two decimals', () => {
    expect(vatBasisPoints('20')).toBe(2000)
    expect(vatBasisPoints(17.5)).toBe(1750)
    expect(vatBasisPoints('0')).toBe(0)
    expect(vatBasisPoints('101')).toBeNull()
    expect(vatBasisPoints('-1')).toBeNull()
    expect(vatBasisPoints('12.345')).toBeNull()
    expect(vatBasisPoints('twenty')).toBeNull()
  })
})

describe('dates', () => {
  const t = new Date('2026-03-01T10:00:00Z')
  it('a quote is valid for 30 days and an invoice is due in 30', () => {
    expect(quoteValidUntil(t).getTime() - t.getTime()).toBe(30 * DAY)
    expect(invoiceDueAt(t).getTime() - t.getTime()).toBe(30 * DAY)
  })

  it('counts whole days overdue, 0 before the due date', () => {
    expect(daysOverdue(t, new Date(t.getTime() - 1))).toBe(0)
    expect(daysOverdue(t, new Date(t.getTime() + 3 * DAY + 5))).toBe(3)
    expect(daysOverdue(null, t)).toBe(0)
  })
})

describe('chasing an invoice', () => {
  const due = new Date('2026-04-01T00:00:00Z')
  const order = { status: 'invoiced', invoiceDueAt: due, remindedBeforeAt: null, remindedOverdueAt: null, suspendedAt: null }
  const at = (days: number) => new Date(due.getTime() + days * DAY)

  it('reminds a week before the due date, once', () => {
    expect(invoiceChasers(order, at(-8), 14)).toEqual({ remindBefore: false, remindOverdue: false, suspend: false })
    expect(invoiceChasers(order, at(-7), 14).remindBefore).toBe(true)
    expect(invoiceChasers({ ...order, remindedBeforeAt: at(-7) }, at(-6), 14).remindBefore).toBe(false)
  })

  it('reminds once overdue, and suspends after the set number of days, once', () => {
    expect(invoiceChasers(order, at(1), 14)).toEqual({ remindBefore: false, remindOverdue: true, suspend: false })
    expect(invoiceChasers(order, at(14), 14).suspend).toBe(true)
    expect(invoiceChasers(order, at(13.9), 14).suspend).toBe(false)
    expect(invoiceChasers({ ...order, suspendedAt: at(14) }, at(20), 14).suspend).toBe(false)
  })

  it('does nothing to an order that is not awaiting payment', () => {
    expect(invoiceChasers({ ...order, status: 'paid' }, at(30), 14)).toEqual({ remindBefore: false, remindOverdue: false, suspend: false })
  })
})

describe('invoice events', () => {
  const order = { status: 'invoiced', totalPence: 72000, vatPence: 0, currency: 'gbp' }
  const invoice = { amountPaid: 72000, total: 72000, currency: 'gbp' }

  it('a paid invoice of the right total pays the order', () => {
    expect(decideInvoiceEvent('invoice.paid', order, invoice)).toEqual({ action: 'paid' })
    expect(decideInvoiceEvent('invoice.paid', { ...order, vatPence: 14400 }, { ...invoice, total: 86400 })).toEqual({ action: 'paid' })
  })

  it('a different total or currency is a mismatch, never a payment', () => {
    expect(decideInvoiceEvent('invoice.paid', order, { ...invoice, total: 100 }).action).toBe('mismatch')
    expect(decideInvoiceEvent('invoice.paid', order, { ...invoice, currency: 'eur' }).action).toBe('mismatch')
  })

  it.each(['paid', 'void', 'refunded', 'pending'])('nothing moves an order that is %s', (status) => {
    for (const type of ['invoice.paid', 'invoice.overdue', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.payment_failed'] as const) {
      expect(decideInvoiceEvent(type, { ...order, status }, invoice)).toEqual({ action: 'ignore', reason: `already_${status}` })
    }
  })

  it('void and uncollectible both withdraw the unassigned licences', () => {
    expect(decideInvoiceEvent('invoice.voided', order, invoice)).toEqual({ action: 'withdraw' })
    expect(decideInvoiceEvent('invoice.marked_uncollectible', order, invoice)).toEqual({ action: 'withdraw' })
  })
})

describe('the Stripe invoice', () => {
  const order = { id: '6f1e2d3c-4b5a-4987-8654-3210fedcba98', reference: 'CMC-2026-00042', quantity: 60, unitPricePence: 1200, totalPence: 72000, vatPence: 0, currency: 'gbp', purchaseOrderRef: 'PO-7781', organisationName: 'Northshire County Council' }
  const supplier = { name: 'Missing Matters CIO', address: '1 High Street, Northshire, NS1 1AA', charityNumber: '1234567', vatNumber: '' }

  it('is sent, due in 30 days, numbered with the order reference, with the PO and the supplier\'s details', () => {
    const p = invoiceParams(order, 'cus_1', supplier, null)
    expect(p).toMatchObject({ customer: 'cus_1', collection_method: 'send_invoice', days_until_due: 30, number: 'CMC-2026-00042', currency: 'gbp', metadata: { order_id: order.id } })
    expect(p.custom_fields).toEqual([{ name: 'Purchase order', value: 'PO-7781' }, { name: 'Order', value: 'CMC-2026-00042' }])
    expect(p.footer).toBe('Missing Matters CIO · 1 High Street · Northshire · NS1 1AA · Registered charity number 1234567')
    expect(p).not.toHaveProperty('default_tax_rates')
    expect(invoiceParams(order, 'cus_1', supplier, 'txr_1').default_tax_rates).toEqual(['txr_1'])
  })

  it('has one line at the server\'s price', () => {
    expect(invoiceItemParams(order, 'cus_1', 'in_1')).toMatchObject({ customer: 'cus_1', invoice: 'in_1', amount: 72000, currency: 'gbp', description: expect.stringContaining('60 × ') })
  })

  it('shows the VAT number only when there is one', () => {
    expect(supplierLines({ ...supplier, vatNumber: 'GB123456789' })).toContain('VAT registration number GB123456789')
    expect(supplierLines(supplier).join()).not.toContain('VAT')
  })
})

describe('the test invoice page', () => {
  const order = { id: 'o1', reference: 'CMC-2026-00001', totalPence: 72000, vatPence: 0, currency: 'gbp', stripeInvoiceId: 'in_test_local_abc', stripeCustomerId: 'cus_x', invoiceUrl: '/invoices/test/in_test_local_abc', invoiceDueAt: new Date('2026-04-01T00:00:00Z') }
  it('offers its outcomes only while the invoice awaits payment', () => {
    expect(testInvoiceOutcomesFor('invoiced')).toEqual(['pay', 'payment_fails', 'overdue', 'void', 'uncollectible'])
    expect(testInvoiceOutcomesFor('paid')).toEqual([])
  })
  it('makes the event Stripe would send, with the order id and totals the webhook checks', () => {
    const e = testInvoiceEvent(order, 'pay', 'evt_1', new Date('2026-03-02T00:00:00Z'))
    expect(e).toMatchObject({ id: 'evt_1', type: 'invoice.paid', data: { object: { id: 'in_test_local_abc', object: 'invoice', status: 'paid', total: 72000, amount_paid: 72000, currency: 'gbp', metadata: { order_id: 'o1' } } } })
    expect(testInvoiceEvent(order, 'void', 'evt_2', new Date()).type).toBe('invoice.voided')
  })
})
