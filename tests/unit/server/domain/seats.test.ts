import { describe, expect, it } from 'vitest'
import { emailSchema } from '#shared/types/auth'
import {
  INVITATION_TTL_MS, invitationState, planInvitations, progressPercent, releaseDecision, seatCounts,
  type InvitationCandidate,
} from '../../../../server/domain/organisations/seats'

const isEmail = (e: string) => emailSchema.safeParse(e).success
const rows = (...emails: string[]): InvitationCandidate[] => emails.map((email, i) => ({ line: i + 1, email, name: null }))
const facts = (available: number, holders: string[] = [], invited: string[] = []) => ({ holders: new Set(holders), invited: new Set(invited), available })

describe('seat counts', () => {
  it.each([
    [{}, { bought: 0, assigned: 0, invited: 0, available: 0 }],
    [{ available: 60 }, { bought: 60, assigned: 0, invited: 0, available: 60 }],
    [{ available: 10, invited: 20, assigned: 30, revoked: 5 }, { bought: 60, assigned: 30, invited: 20, available: 10 }],
  ])('%j → %j (refunded seats are no longer bought)', (byStatus, expected) => {
    const counts = seatCounts(byStatus)
    expect(counts).toEqual(expected)
    expect(counts.assigned + counts.invited).toBeLessThanOrEqual(counts.bought)
  })
})

describe('planning a batch of invitations', () => {
  it.each([
    ['all fine', rows('a@x.org', 'b@x.org'), facts(2), [null, null]],
    ['not an address', rows('a@x.org', 'nope', 'b@'), facts(5), [null, 'invalid_email', 'invalid_email']],
    ['case and spaces are one person', rows('A@X.org', ' a@x.org ', 'a@X.ORG'), facts(5), [null, 'duplicate', 'duplicate']],
    ['already holds a seat', rows('held@x.org', 'new@x.org'), facts(5, ['held@x.org']), ['already_member', null]],
    ['already invited', rows('INVITED@x.org'), facts(5, [], ['invited@x.org']), ['already_invited']],
    ['more people than seats', rows('a@x.org', 'b@x.org', 'c@x.org'), facts(2), [null, null, 'not_enough_seats']],
    ['no seats at all', rows('a@x.org'), facts(0), ['not_enough_seats']],
    ['problem rows use no seat', rows('bad', 'a@x.org', 'a@x.org', 'b@x.org'), facts(2), ['invalid_email', null, 'duplicate', null]],
  ])('%s', (_, candidates, membership, expected) => {
    const plan = planInvitations(candidates, membership, isEmail)
    expect(plan.rows.map(r => r.problem)).toEqual(expected)
    expect(plan.ready).toBe(expected.filter(p => !p).length)
    expect(plan.ready).toBeLessThanOrEqual(membership.available)
    expect(plan.problems + plan.ready).toBe(candidates.length)
    for (const row of plan.rows) expect(row.message === null).toBe(row.problem === null)
  })

  it('reads each row\'s team and due date, and refuses a due date it cannot read', () => {
    const plan = planInvitations([
      { line: 2, email: 'a@x.org', name: null, team: ' Residential ', due: 'within 2 weeks' },
      { line: 3, email: 'b@x.org', name: null, due: 'next Tuesday' },
    ], facts(5), isEmail, '2026-03-10')
    expect(plan.rows.map(r => [r.team, r.dueOn, r.problem])).toEqual([['Residential', '2026-03-24', null], [null, null, 'invalid_due']])
  })

  it('normalises emails and names, and keeps the line each came from', () => {
    const plan = planInvitations([{ line: 7, email: '  Sam@Example.ORG ', name: '  Sam Carer ' }, { line: 9, email: 'x@y.org', name: '   ' }], facts(5), isEmail)
    expect(plan.rows).toEqual([
      { line: 7, email: 'sam@example.org', name: 'Sam Carer', team: null, dueOn: null, problem: null, message: null },
      { line: 9, email: 'x@y.org', name: null, team: null, dueOn: null, problem: null, message: null },
    ])
  })
})

describe('invitation state', () => {
  const now = new Date('2026-03-01T12:00:00Z')
  const base = { expiresAt: new Date(now.getTime() + 1000), acceptedAt: null, revokedAt: null }
  it.each([
    ['open', base, 'open'],
    ['expired at the exact moment', { ...base, expiresAt: now }, 'expired'],
    ['accepted (even if now past its expiry)', { ...base, expiresAt: new Date(0), acceptedAt: now }, 'accepted'],
    ['withdrawn', { ...base, revokedAt: now }, 'revoked'],
  ])('%s', (_, invitation, expected) => {
    expect(invitationState(invitation, now)).toBe(expected)
  })

  it('lasts 14 days', () => {
    expect(INVITATION_TTL_MS).toBe(14 * 24 * 60 * 60 * 1000)
  })
})

describe('taking a seat back', () => {
  it.each([
    [{ status: 'assigned', learnerStarted: false }, { release: true }],
    [{ status: 'assigned', learnerStarted: true }, { release: false, reason: 'started' }],
    [{ status: 'available', learnerStarted: false }, { release: false, reason: 'not_held' }],
    [{ status: 'invited', learnerStarted: false }, { release: false, reason: 'not_held' }],
    [{ status: 'revoked', learnerStarted: false }, { release: false, reason: 'not_held' }],
  ])('%j → %j', (seat, expected) => {
    expect(releaseDecision(seat)).toEqual(expected)
  })
})

describe('progress', () => {
  it.each([
    [{ sectionsDone: 0, sectionCount: 8, completed: false }, 0],
    [{ sectionsDone: 1, sectionCount: 8, completed: false }, 11],
    [{ sectionsDone: 8, sectionCount: 8, completed: false }, 88],
    [{ sectionsDone: 8, sectionCount: 8, completed: true }, 100],
    [{ sectionsDone: 9, sectionCount: 0, completed: false }, 99],
    [{ sectionsDone: -1, sectionCount: 8, completed: false }, 0],
  ])('%j → %i %%', (input, expected) => {
    expect(progressPercent(input)).toBe(expected)
  })
})
