/**
 * The compliance rules, as pure functions over calendar days in UK time (YYYY-MM-DD): due dates, the
 * statuses a training lead sees, when a certificate stops being current, and the reminder schedule.
 * docs/compliance.md says the same in words; the dashboard's SQL (server/services/organisations/org-dashboard.ts)
 * applies statusOf's rule with these same constants.
 */
import { ukDay } from '#shared/dates'
import { DomainError } from '../platform/errors'

/** A completed learner's certificate shows "expiring soon" this many days before its expiry date. */
export const EXPIRING_SOON_DAYS = 60
/** The refresher reminder goes this many days before a certificate expires. */
export const EXPIRY_REMINDER_DAYS = 30
/** While overdue, a reminder goes every this many days. */
export const OVERDUE_REMINDER_EVERY_DAYS = 7
/** The periods a certificate can stay current for; null means it does not expire. */
export const CERTIFICATE_MONTHS = [12, 24, 36] as const
export type CertificateMonths = typeof CERTIFICATE_MONTHS[number]

const DAY_MS = 24 * 60 * 60 * 1000
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** The calendar day in the UK at a moment. */
export function ukToday(now: Date): string {
  return ukDay(now)
}

function toUtc(day: string): number {
  const m = ISO_DAY.exec(day)
  if (!m) throw new RangeError(`Not a day: ${day}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS)
}

/** The same day N months later; the 31st of a shorter month becomes its last day (29 Feb + 12 months = 28 Feb). */
export function addMonths(day: string, months: number): string {
  const d = new Date(toUtc(day))
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay)))
}

/** A real calendar day written as YYYY-MM-DD (not 2026-02-30). */
export function isDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false
  try {
    return fromUtc(toUtc(text)) === text
  }
  catch {
    return false
  }
}

/**
 * A due date as a training lead writes it in a CSV or a form: a date (2026-03-31 or 31/03/2026) or a
 * period from today ("6 weeks", "within 2 weeks", "10 days"). Null when it is neither.
 */
export function parseDue(text: string, today: string): string | null {
  const t = text.trim().toLowerCase()
  if (!t) return null
  if (isDay(t)) return t
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (uk) {
    const day = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`
    return isDay(day) ? day : null
  }
  const period = /^(?:within\s+|in\s+)?(\d{1,3})\s*(weeks?|days?)$/.exec(t)
  if (period) {
    const n = Number(period[1])
    const days = period[2]!.startsWith('week') ? n * 7 : n
    return days >= 1 && days <= 730 ? addDays(today, days) : null
  }
  return null
}

/** A due date a lead typed, as a day; a clear 400 when it is neither a date nor a period. */
export function readDue(text: string, now: Date): string {
  const day = parseDue(text, ukToday(now))
  if (!day) throw new DomainError('invalid', 'Write the due date as a date (31/03/2026) or a period ("within 6 weeks").', { code: 'invalid_due' })
  return day
}

/** A due date N weeks from today (the organisation's default, or "for a whole team"). */
export function dueInWeeks(today: string, weeks: number): string {
  return addDays(today, weeks * 7)
}

/** The last day a certificate is current, from its completion day; null when certificates do not expire. */
export function expiryOf(completedOn: string | null, certificateMonths: number | null): string | null {
  return completedOn && certificateMonths ? addMonths(completedOn, certificateMonths) : null
}

export type BaseStatus = 'invited' | 'not_started' | 'in_progress' | 'completed'
export type ComplianceStatus = BaseStatus | 'overdue' | 'expiring_soon' | 'expired'

/**
 * What the lead sees for one learner. Not completed and past the due day: overdue. Completed: current,
 * "expiring soon" within EXPIRING_SOON_DAYS of the expiry day, "expired" after it (the expiry day itself
 * is the last day the certificate is current).
 */
export function statusOf(input: { base: BaseStatus, dueOn: string | null, expiresOn: string | null }, today: string): ComplianceStatus {
  if (input.base === 'completed') {
    if (!input.expiresOn) return 'completed'
    if (today > input.expiresOn) return 'expired'
    if (daysBetween(today, input.expiresOn) <= EXPIRING_SOON_DAYS) return 'expiring_soon'
    return 'completed'
  }
  if (input.dueOn && today > input.dueOn) return 'overdue'
  return input.base
}

export interface ReminderSchedule {
  enabled: boolean
  daysBefore: number
}

export type ReminderKind = 'before_due' | 'due_today' | 'overdue' | 'expiring'

export interface ReminderFacts {
  completed: boolean
  dueOn: string | null
  expiresOn: string | null
  /** The last reminder of any kind (automatic or a lead's), as a UK day and as a moment. */
  lastRemindedAt: Date | null
  stopped: boolean
}

/**
 * The latest moment of the schedule that has come, as a day: the reminder before the due date, the due
 * day, each week while overdue, and (once completed) the refresher reminder before expiry.
 */
function latestMilestone(facts: ReminderFacts, schedule: ReminderSchedule, today: string): { day: string, kind: ReminderKind } | null {
  if (facts.completed) {
    if (!facts.expiresOn) return null
    const day = addDays(facts.expiresOn, -EXPIRY_REMINDER_DAYS)
    return today >= day && today <= facts.expiresOn ? { day, kind: 'expiring' } : null
  }
  if (!facts.dueOn) return null
  if (today > facts.dueOn) {
    const weeks = Math.floor(daysBetween(facts.dueOn, today) / OVERDUE_REMINDER_EVERY_DAYS)
    return weeks >= 1 ? { day: addDays(facts.dueOn, weeks * OVERDUE_REMINDER_EVERY_DAYS), kind: 'overdue' } : { day: facts.dueOn, kind: 'due_today' }
  }
  if (today === facts.dueOn) return { day: today, kind: 'due_today' }
  const before = addDays(facts.dueOn, -schedule.daysBefore)
  return today >= before ? { day: before, kind: 'before_due' } : null
}

/**
 * Whether the schedule sends a reminder now, and which. One goes when a milestone has come and nobody
 * was reminded since that day; a server that was down on the day catches up once, not once per missed
 * day. The one-a-day limit (reminderGapPassed in server/services/organisations/org-seats.ts) still applies on top.
 */
export function scheduledReminder(facts: ReminderFacts, schedule: ReminderSchedule, now: Date): ReminderKind | null {
  if (!schedule.enabled || facts.stopped) return null
  const today = ukToday(now)
  const milestone = latestMilestone(facts, schedule, today)
  if (!milestone) return null
  if (facts.lastRemindedAt && ukToday(facts.lastRemindedAt) >= milestone.day) return null
  return milestone.kind
}

/** The smallest group whose answers may be shown together: fewer, and one person's answers could be picked out. */
export const MIN_GROUP_SIZE = 5

/** Whether a group (after every filter has been applied) is large enough to report on. */
export function groupLargeEnough(learners: number): boolean {
  return learners >= MIN_GROUP_SIZE
}
