import { describe, expect, it } from 'vitest'
import { actionPhrase } from '#shared/types/audit'
import { idsToName, readableAudit, type AuditNames } from '../../../../server/domain/platform/audit-text'

const ORG = '11111111-1111-4111-8111-111111111111'
const ANN = '22222222-2222-4222-8222-222222222222'
const GONE = '33333333-3333-4333-8333-333333333333'
const names: AuditNames = {
  users: new Map([[ANN, { name: 'Ann Able', erased: false }], [GONE, { name: 'Erased user', erased: true }]]),
  organisations: new Map([[ORG, 'Kent County Council']]),
}

describe('the audit log in words', () => {
  it.each([
    ['invitation.sent', 'Sent an invitation'],
    ['seat.released', 'Took back a licence'],
    ['user.erased', 'Erased a person'],
    ['order.dispute_opened', 'Order: dispute opened'],
    ['something', 'Something'],
  ])('%s reads "%s"', (action, phrase) => {
    expect(actionPhrase(action)).toBe(phrase)
  })

  it('names the organisation and the person invited, and says what happened to the licence', () => {
    const entry = { action: 'invitation.withdrawn', targetType: 'invitation', targetId: 'inv-1', details: JSON.stringify({ organisationId: ORG, email: 'olivia@x.org', role: 'learner', seatFreed: true }) }
    expect(readableAudit(entry, names)).toEqual({
      phrase: 'Withdrew an invitation',
      subject: { label: 'olivia@x.org', userId: null },
      sentences: ['In Kent County Council.', 'As a learner.', 'Its licence is free again.'],
    })
  })

  it('says who started a refresher for whom, in which organisation, and leaves the ids to the raw record', () => {
    const details = JSON.stringify({ enrolmentId: 'e-2', renews: 'e-1', seatId: 's-9', organisationId: ORG, by: 'lead' })
    expect(readableAudit({ action: 'refresher.started', targetType: 'user', targetId: ANN, details }, names)).toEqual({
      phrase: 'Started a refresher (took a licence)',
      subject: { label: 'Ann Able', userId: ANN },
      sentences: ['In Kent County Council.', 'Started by a training lead.'],
    })
  })

  it('calls an erased person "erased user", and links a person to their page', () => {
    expect(readableAudit({ action: 'user.erased', targetType: 'user', targetId: GONE, details: JSON.stringify({ certificatesRevoked: 1, invitationsWithdrawn: 0 }) }, names))
      .toEqual({ phrase: 'Erased a person', subject: { label: 'erased user', userId: GONE }, sentences: ['Certificates revoked: 1.', 'Open invitations withdrawn: 0.'] })
    expect(readableAudit({ action: 'admin.granted', targetType: 'user', targetId: ANN, details: null }, names).subject).toEqual({ label: 'Ann Able', userId: ANN })
  })

  it('writes money in pounds and leaves Stripe ids to the raw record', () => {
    const entry = { action: 'order.paid', targetType: 'order', targetId: 'o-1', details: JSON.stringify({ from: 'awaiting_payment', stripeEvent: 'evt_1', amountPence: 12000, seatsCreated: 10, organisationId: ORG }) }
    expect(readableAudit(entry, names).sentences).toEqual(['Was awaiting payment.', 'Amount: £120.00.', 'Licences created: 10.', 'In Kent County Council.'])
  })

  it('still shows details it has no sentence for, and text that is not JSON', () => {
    expect(readableAudit({ action: 'x.y', targetType: null, targetId: null, details: JSON.stringify({ dueDays: 30 }) }, names).sentences).toEqual(['Due days: 30.'])
    expect(readableAudit({ action: 'x.y', targetType: null, targetId: null, details: 'plain words' }, names).sentences).toEqual(['plain words'])
  })

  it('collects only well-formed ids to look up', () => {
    const ids = idsToName([
      { action: 'membership.manager_added', targetType: 'organisation', targetId: ORG, details: JSON.stringify({ userId: ANN, order: 'o' }) },
      { action: 'seat.released', targetType: 'seat', targetId: 's', details: JSON.stringify({ userId: 'not-an-id' }) },
    ])
    expect(ids).toEqual({ userIds: [ANN], organisationIds: [ORG] })
  })
})
