import { describe, expect, it } from 'vitest'
import {
  addMonths, EXPIRING_SOON_DAYS, expiryOf, groupLargeEnough, MIN_GROUP_SIZE, parseDue, scheduledReminder, statusOf,
  type BaseStatus, type ReminderFacts,
} from '../../../../server/domain/organisations/compliance'
import { parseInvitationCsv } from '../../../../server/domain/organisations/invitation-import'

const TODAY = '2026-03-10'

describe('due dates as a lead writes them', () => {
  it.each([
    ['2026-04-30', '2026-04-30'],
    ['30/04/2026', '2026-04-30'],
    ['1/5/2026', '2026-05-01'],
    ['within 6 weeks', '2026-04-21'],
    ['6 weeks', '2026-04-21'],
    ['in 1 week', '2026-03-17'],
    ['10 days', '2026-03-20'],
    ['  Within 2 Weeks ', '2026-03-24'],
    ['31/02/2026', null],
    ['2026-02-30', null],
    ['0 weeks', null],
    ['soon', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parseDue(text, TODAY)).toBe(expected)
  })
})

describe('certificate expiry', () => {
  it.each([
    ['2026-03-10', 12, '2027-03-10'],
    ['2026-03-10', 24, '2028-03-10'],
    ['2026-03-10', 36, '2029-03-10'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-03-10', null, null],
    [null, 12, null],
  ] as const)('completed %s, current for %s months → %s', (completed, months, expected) => {
    expect(expiryOf(completed, months)).toBe(expected)
  })
  it('adds months across the year end', () => {
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15')
  })
})

describe('the status a lead sees', () => {
  const soon = `2026-03-${String(10 + 5).padStart(2, '0')}`
  it.each<[string, BaseStatus, string | null, string | null, string]>([
    ['not due yet', 'in_progress', '2026-03-11', null, 'in_progress'],
    ['due today is not overdue', 'not_started', TODAY, null, 'not_started'],
    ['due yesterday, not started', 'not_started', '2026-03-09', null, 'overdue'],
    ['due yesterday, in progress', 'in_progress', '2026-03-09', null, 'overdue'],
    ['an invitation past its due date', 'invited', '2026-03-01', null, 'overdue'],
    ['no due date never goes overdue', 'not_started', null, null, 'not_started'],
    ['completed late is completed', 'completed', '2026-01-01', '2027-01-01', 'completed'],
    ['completed, never expires', 'completed', null, null, 'completed'],
    ['expiring within the window', 'completed', null, soon, 'expiring_soon'],
    [`exactly ${EXPIRING_SOON_DAYS} days to go`, 'completed', null, '2026-05-09', 'expiring_soon'],
    [`${EXPIRING_SOON_DAYS + 1} days to go`, 'completed', null, '2026-05-10', 'completed'],
    ['the expiry day is its last current day', 'completed', null, TODAY, 'expiring_soon'],
    ['the day after expiry', 'completed', null, '2026-03-09', 'expired'],
  ])('%s', (_, base, dueOn, expiresOn, expected) => {
    expect(statusOf({ base, dueOn, expiresOn }, TODAY)).toBe(expected)
  })
})

describe('the reminder schedule', () => {
  const schedule = { enabled: true, daysBefore: 7 }
  const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
  const facts = (over: Partial<ReminderFacts>): ReminderFacts => ({ completed: false, dueOn: '2026-03-31', expiresOn: null, lastRemindedAt: null, stopped: false, ...over })

  it.each<[string, Partial<ReminderFacts>, string, string | null]>([
    ['too early', {}, '2026-03-23', null],
    ['N days before', {}, '2026-03-24', 'before_due'],
    ['caught up later in the week', {}, '2026-03-27', 'before_due'],
    ['already reminded since that day', { lastRemindedAt: at('2026-03-24') }, '2026-03-27', null],
    ['on the day', { lastRemindedAt: at('2026-03-24') }, '2026-03-31', 'due_today'],
    ['the day after, reminded on the day', { lastRemindedAt: at('2026-03-31') }, '2026-04-01', null],
    ['a week overdue', { lastRemindedAt: at('2026-03-31') }, '2026-04-07', 'overdue'],
    ['between weekly reminders', { lastRemindedAt: at('2026-04-07') }, '2026-04-10', null],
    ['two weeks overdue', { lastRemindedAt: at('2026-04-07') }, '2026-04-14', 'overdue'],
    ['a server down all week catches up once', { lastRemindedAt: at('2026-03-20') }, '2026-04-03', 'due_today'],
    ['completed: none', { completed: true }, '2026-04-07', null],
    ['stopped by the learner', { stopped: true }, '2026-03-31', null],
    ['no due date', { dueOn: null }, '2026-03-31', null],
    ['30 days before expiry', { completed: true, expiresOn: '2027-03-31' }, '2027-03-01', 'expiring'],
    ['31 days before expiry', { completed: true, expiresOn: '2027-03-31' }, '2027-02-28', null],
    ['expiry reminder only once', { completed: true, expiresOn: '2027-03-31', lastRemindedAt: at('2027-03-01') }, '2027-03-20', null],
  ])('%s', (_, over, day, expected) => {
    expect(scheduledReminder(facts(over), schedule, at(day))).toBe(expected)
  })

  it('sends nothing when the organisation turned the schedule off', () => {
    expect(scheduledReminder(facts({}), { enabled: false, daysBefore: 7 }, at('2026-03-31'))).toBeNull()
  })
})

describe('the smallest group insight reports on', () => {
  it.each([[0, false], [1, false], [MIN_GROUP_SIZE - 1, false], [MIN_GROUP_SIZE, true], [40, true]])('%i learners → %s', (n, ok) => {
    expect(groupLargeEnough(n)).toBe(ok)
  })
})

describe('team and due columns in an invitation CSV', () => {
  it('reads Team and Due date beside Email and Name', () => {
    const csv = 'Name,Email,Team,Due date\nAda,ada@x.org,Fostering North,31/03/2026\nBen,ben@x.org,,\n'
    expect(parseInvitationCsv(csv)).toEqual([
      { line: 2, email: 'ada@x.org', name: 'Ada', team: 'Fostering North', due: '31/03/2026' },
      { line: 3, email: 'ben@x.org', name: 'Ben' },
    ])
  })
})
