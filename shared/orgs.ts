import type { LearnerStatus } from './types/orgs'

// What the organisation API answers (dates as ISO text). The pages render it; the server is the source.

export interface OrgLearner {
  kind: 'learner' | 'invitation'
  seatId: string | null
  invitationId: string | null
  name: string | null
  email: string
  status: LearnerStatus
  /** 0 to 100; 100 only once the course is completed. */
  progress: number
  startedAt: string | null
  completedAt: string | null
  lastActiveAt: string | null
  /** Recorded at completion: the passing assessment score (%), and the minutes credited in each section. */
  score: number | null
  sectionMinutes: Record<string, number> | null
  lastRemindedAt: string | null
  /** Compliance (docs/compliance.md): the learner's team, the day they are due to complete by and, once completed, the last day their certificate is current (YYYY-MM-DD). */
  team: { id: string, name: string } | null
  dueAt: string | null
  expiresAt: string | null
  /** The current certificate's code, once completed. */
  certificateCode: string | null
  /** A refresher is under way (its licence taken); the completion and certificate shown are still the earlier ones. */
  refreshing: boolean
  /** When the learner used the "stop these reminders" link in a reminder. */
  remindersStoppedAt: string | null
  /** A seat can be taken back only before its learner opens the course. */
  canRelease: boolean
  invitation: { sentAt: string, expiresAt: string, expired: boolean, seatHeld: boolean } | null
}

export interface OrgSeats {
  bought: number
  assigned: number
  invited: number
  available: number
}

export interface OrgDashboard {
  organisation: { id: string, name: string }
  seats: OrgSeats
  statuses: Record<LearnerStatus, number>
  completionsByMonth: { month: string, completions: number }[]
  managers: { userId: string, name: string, email: string, since: string, isYou: boolean }[]
  managerInvitations: { id: string, email: string, name: string | null, sentAt: string, expiresAt: string, expired: boolean }[]
  teams: OrgTeam[]
  settings: OrgComplianceSettings
  /** Licences refreshers will need, by month, over the next twelve (certificates expiring then). */
  refresherForecast: { month: string, refreshers: number }[]
}

export interface OrgTeam {
  id: string
  name: string
  learners: number
}

export interface OrgComplianceSettings {
  defaultDueWeeks: number | null
  remindersEnabled: boolean
  reminderDaysBefore: number
  certificateMonths: 12 | 24 | 36 | null
}

export interface PlannedInvitationRow {
  line: number
  email: string
  name: string | null
  team: string | null
  dueOn: string | null
  problem: 'invalid_email' | 'invalid_name' | 'invalid_team' | 'invalid_due' | 'duplicate' | 'already_member' | 'already_invited' | 'not_enough_seats' | null
  message: string | null
}

export interface InvitationPlanView {
  rows: PlannedInvitationRow[]
  ready: number
  problems: number
  available: number
}

export const STATUS_LABELS: Record<LearnerStatus, string> = {
  invited: 'Invited',
  not_started: 'Not started',
  in_progress: 'In progress',
  overdue: 'Overdue',
  completed: 'Completed',
  expiring_soon: 'Expiring soon',
  expired: 'Expired',
}

/** Whole minutes of study credited over all sections, from a completion's record. */
export function totalMinutes(sectionMinutes: Record<string, number> | null): number | null {
  return sectionMinutes ? Object.values(sectionMinutes).reduce((sum, m) => sum + m, 0) : null
}

/**
 * Section ids in section order (by the number in each id, then by id) with each one's label (its leading
 * part), for each set of ids met so far, in the order they came. A course has only a few sets of sections
 * (one per version), and the completion report writes a row's minutes for up to 100,000 rows: sorting
 * the same ids again for every row was most of the time spent formatting the report.
 */
const sectionOrders = new Map<string, { ids: string[], labels: string[] }>()
/** The set met last, with its ids as they came: rows in a report mostly follow the same set. */
let lastOrder: { given: string[], order: { ids: string[], labels: string[] } } | undefined

function sameIds(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sectionOrder(ids: string[]): { ids: string[], labels: string[] } {
  if (lastOrder && sameIds(lastOrder.given, ids)) return lastOrder.order
  const order = sectionOrderOf(ids)
  lastOrder = { given: ids, order }
  return order
}

function sectionOrderOf(ids: string[]): { ids: string[], labels: string[] } {
  const key = ids.join('\u0000')
  let order = sectionOrders.get(key)
  if (!order) {
    const sorted = ids
      .map(id => ({ id, n: Number(id.match(/\d+/)?.[0] ?? 0) }))
      .sort((a, b) => a.n - b.n || a.id.localeCompare(b.id))
      .map(({ id }) => id)
    order = { ids: sorted, labels: sorted.map(id => id.split('-')[0]!) }
    // Bounded, for a server that runs for months: sets beyond a handful are not worth keeping.
    if (sectionOrders.size >= 64) sectionOrders.clear()
    sectionOrders.set(key, order)
  }
  return order
}

/**
 * A completion's minutes per section as one spreadsheet cell, in section order: "s1 6; s2 9; ..." (each
 * section id's leading part, which is its number).
 */
export function sectionMinutesText(sectionMinutes: Record<string, number> | null): string | null {
  if (!sectionMinutes) return null
  const { ids, labels } = sectionOrder(Object.keys(sectionMinutes))
  let text = ''
  for (let i = 0; i < ids.length; i++) text += `${i ? '; ' : ''}${labels[i]} ${sectionMinutes[ids[i]!]}`
  return text
}
