/**
 * Every date and time the site shows or writes (pages, emails, PDFs, CSVs, file names), in one place and always in
 * UK time (Europe/London), so the server and the browser agree whatever their own time zone: a certificate earned
 * at 00:30 on 1 April (BST) says 1 April everywhere, not 31 March.
 *
 * Each format is one Intl.DateTimeFormat made once and reused: making one per call is slow (a 100,000-row report
 * formats several dates a row).
 */

const TIME_ZONE = 'Europe/London'

type When = string | Date

const formats = {
  /** 3 March 2026 */
  long: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
  /** 3 Mar 2026 */
  short: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' }),
  /** 3 Mar 2026, 14:05 */
  dateTime: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }),
  /** 14:05 */
  time: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }),
  /** 2026-03-03: Canadian English writes days the ISO way, which every spreadsheet reads as a date. */
  isoDay: new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }),
  /** Mar 2026, March 2026: for calendar months, which have no time zone (see monthLabel). */
  monthShort: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' }),
  monthLong: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
}

const toDate = (when: When) => (typeof when === 'string' ? new Date(when) : when)

/** "3 March 2026"; empty for no date. */
export function ukDate(when: When | null | undefined): string {
  return when ? formats.long.format(toDate(when)) : ''
}

/** "3 Mar 2026", where space is short (lists). */
export function ukShortDate(when: When): string {
  return formats.short.format(toDate(when))
}

/** "3 Mar 2026, 14:05". */
export function ukDateTime(when: When): string {
  return formats.dateTime.format(toDate(when))
}

/** "14:05 on 6 December 2026". */
export function ukTimeOnDate(when: When): string {
  return `${formats.time.format(toDate(when))} on ${ukDate(when)}`
}

/** The calendar day in the UK at a moment, as YYYY-MM-DD (report cells, file names, due dates). */
export function ukDay(when: When): string {
  return formats.isoDay.format(toDate(when))
}

/** The calendar year in the UK at a moment. */
export function ukYear(when: When): number {
  return Number(ukDay(when).slice(0, 4))
}

/**
 * A calendar day stored without a time (a due date, "2026-03-03") as "3 March 2026". Read at midday UTC, which is
 * the same day in London whether it is GMT or BST.
 */
export function ukDateOfDay(day: string): string {
  return ukDate(`${day}T12:00:00Z`)
}

/**
 * A calendar month ("2026-03") as "Mar 2026" or "March 2026". A month has no time zone: it is read in UTC, mid-month,
 * so no offset can move it.
 */
export function monthLabel(month: string, style: 'short' | 'long' = 'short'): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return (style === 'long' ? formats.monthLong : formats.monthShort).format(new Date(Date.UTC(y, m - 1, 15)))
}
