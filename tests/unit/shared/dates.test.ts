import { describe, expect, it } from 'vitest'
import { monthLabel, ukDate, ukDateOfDay, ukDateTime, ukDay, ukShortDate, ukTimeOnDate, ukYear } from '#shared/dates'

// Moments either side of the clock changes and of midnight. UK clocks went forward at 01:00 UTC on 29 March 2026
// (GMT → BST) and go back at 01:00 UTC on 25 October 2026 (BST → GMT). Whatever time zone this process runs in,
// every format must read the moment in UK time.
describe('UK dates, across GMT/BST and midnight', () => {
  it.each([
    // In winter (GMT) UK time is UTC.
    ['2026-01-31T23:30:00Z', '31 January 2026', '31 Jan 2026', '31 Jan 2026, 23:30', '2026-01-31'],
    ['2026-02-01T00:00:00Z', '1 February 2026', '1 Feb 2026', '1 Feb 2026, 00:00', '2026-02-01'],
    // In summer (BST, UTC+1) 23:30 UTC is already the next day in the UK.
    ['2026-06-30T23:30:00Z', '1 July 2026', '1 Jul 2026', '1 Jul 2026, 00:30', '2026-07-01'],
    ['2026-06-30T22:59:59Z', '30 June 2026', '30 Jun 2026', '30 Jun 2026, 23:59', '2026-06-30'],
    // Just before and after the clocks go forward.
    ['2026-03-29T00:59:00Z', '29 March 2026', '29 Mar 2026', '29 Mar 2026, 00:59', '2026-03-29'],
    ['2026-03-29T01:00:00Z', '29 March 2026', '29 Mar 2026', '29 Mar 2026, 02:00', '2026-03-29'],
    // The evening before the clocks go back (BST), and just after (GMT).
    ['2026-10-24T23:30:00Z', '25 October 2026', '25 Oct 2026', '25 Oct 2026, 00:30', '2026-10-25'],
    ['2026-10-25T01:00:00Z', '25 October 2026', '25 Oct 2026', '25 Oct 2026, 01:00', '2026-10-25'],
    ['2026-10-25T23:30:00Z', '25 October 2026', '25 Oct 2026', '25 Oct 2026, 23:30', '2026-10-25'],
  ])('%s', (iso, long, short, dateTime, day) => {
    for (const when of [iso, new Date(iso)]) {
      expect(ukDate(when)).toBe(long)
      expect(ukShortDate(when)).toBe(short)
      expect(ukDateTime(when)).toBe(dateTime)
      expect(ukDay(when)).toBe(day)
    }
  })

  it('says the time, then the date, both in UK time', () => {
    expect(ukTimeOnDate('2026-12-06T14:05:00Z')).toBe('14:05 on 6 December 2026')
    expect(ukTimeOnDate('2026-07-31T23:15:00Z')).toBe('00:15 on 1 August 2026')
  })

  it('numbers the year as the UK does at New Year (GMT, so UTC)', () => {
    expect(ukYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026)
    expect(ukYear(new Date('2027-01-01T00:00:01Z'))).toBe(2027)
  })

  it('leaves no date empty rather than "Invalid Date"', () => {
    expect(ukDate(null)).toBe('')
    expect(ukDate(undefined)).toBe('')
    expect(ukDate('')).toBe('')
  })

  it('reads a calendar day stored without a time as that day, in summer and in winter', () => {
    expect(ukDateOfDay('2026-07-01')).toBe('1 July 2026')
    expect(ukDateOfDay('2026-01-01')).toBe('1 January 2026')
    expect(ukDateOfDay('2026-03-29')).toBe('29 March 2026')
    expect(ukDateOfDay('2026-10-25')).toBe('25 October 2026')
  })

  it('names calendar months, short and long', () => {
    expect(monthLabel('2026-03')).toBe('Mar 2026')
    expect(monthLabel('2026-10', 'long')).toBe('October 2026')
    expect(monthLabel('2027-01', 'long')).toBe('January 2027')
  })
})
