import { nameText } from '#shared/types/text'
import { normaliseEmail } from '../accounts/accounts'
import { parseDue, ukToday } from './compliance'

/** The same rule as the forms' name fields: one line, no control characters, no web addresses. */
const nameSchema = nameText()

/**
 * The rules for an organisation's seats and invitations, as pure functions. The database enforces the
 * same limits (see the seats and invitations schemas); these decide what to tell a training lead.
 */

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000
/** At most one reminder per learner in this long (claimed in SQL: reminderGapPassed in server/services/organisations/org-seats.ts). */
export const REMINDER_GAP_MS = 24 * 60 * 60 * 1000

export interface SeatCounts {
  /** Licences bought and not refunded. */
  bought: number
  assigned: number
  invited: number
  available: number
}

/** The dashboard's counts from the seat rows by status (revoked seats were refunded and no longer count). */
export function seatCounts(byStatus: Partial<Record<'available' | 'invited' | 'assigned' | 'revoked', number>>): SeatCounts {
  const assigned = byStatus.assigned ?? 0
  const invited = byStatus.invited ?? 0
  const available = byStatus.available ?? 0
  return { bought: assigned + invited + available, assigned, invited, available }
}

export type InvitationProblem = 'invalid_email' | 'invalid_name' | 'invalid_team' | 'invalid_due' | 'duplicate' | 'already_member' | 'already_invited' | 'not_enough_seats'

export const PROBLEM_MESSAGES: Record<InvitationProblem, string> = {
  invalid_email: 'This is not an email address.',
  invalid_name: 'Names cannot contain web addresses or control characters. Write the name only.',
  invalid_team: 'Team names are plain words of at most 80 characters.',
  invalid_due: 'Write the due date as a date (31/03/2026) or a period ("within 6 weeks").',
  duplicate: 'This person is already further up the list.',
  already_member: 'This person already has a licence in your organisation.',
  already_invited: 'This person has already been invited.',
  not_enough_seats: 'There is no licence left for this person.',
}

export interface InvitationCandidate {
  /** Where the person came from: a line of the file or the pasted list (1-based). */
  line: number
  email: string
  name: string | null
  /** A team's name, and a due date as written (parseDue in ./compliance.ts reads it). */
  team?: string | null
  due?: string | null
}

export interface PlannedInvitation extends InvitationCandidate {
  team: string | null
  /** The due date worked out (YYYY-MM-DD), or null for none. */
  dueOn: string | null
  problem: InvitationProblem | null
  message: string | null
}

export interface InvitationPlan {
  rows: PlannedInvitation[]
  /** Rows that can be invited as they stand. */
  ready: number
  /** Rows with a problem. */
  problems: number
  available: number
}

export interface MembershipFacts {
  /** Emails (normalised) of people holding a seat in the organisation. */
  holders: ReadonlySet<string>
  /** Emails (normalised) with an open invitation to the organisation. */
  invited: ReadonlySet<string>
  available: number
}

/**
 * Decides each row of a batch, in order: a malformed address, a repeat of an earlier row, someone who
 * already holds a seat or an invitation, and, once the free seats are used up, "no licence left".
 * `isEmail` is the same check the forms use.
 */
export function planInvitations(candidates: readonly InvitationCandidate[], facts: MembershipFacts, isEmail: (email: string) => boolean, today = ukToday(new Date())): InvitationPlan {
  const seen = new Set<string>()
  let seatsLeft = facts.available
  const rows = candidates.map((candidate): PlannedInvitation => {
    const email = normaliseEmail(candidate.email)
    const name = candidate.name?.trim() || null
    const team = candidate.team?.trim() || null
    const dueOn = candidate.due?.trim() ? parseDue(candidate.due, today) : null
    let problem: InvitationProblem | null = null
    if (!isEmail(email)) problem = 'invalid_email'
    else if (name && !nameSchema.safeParse(name).success) problem = 'invalid_name'
    else if (team && (team.length > 80 || !nameSchema.safeParse(team).success)) problem = 'invalid_team'
    else if (candidate.due?.trim() && !dueOn) problem = 'invalid_due'
    else if (seen.has(email)) problem = 'duplicate'
    else if (facts.holders.has(email)) problem = 'already_member'
    else if (facts.invited.has(email)) problem = 'already_invited'
    else if (seatsLeft <= 0) problem = 'not_enough_seats'
    if (isEmail(email)) seen.add(email)
    if (!problem) seatsLeft--
    return { line: candidate.line, email, name, team, dueOn, problem, message: problem ? PROBLEM_MESSAGES[problem] : null }
  })
  const ready = rows.filter(r => !r.problem).length
  return { rows, ready, problems: rows.length - ready, available: facts.available }
}

export type InvitationState = 'open' | 'expired' | 'accepted' | 'revoked'

export function invitationState(invitation: { expiresAt: Date, acceptedAt: Date | null, revokedAt: Date | null }, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted'
  if (invitation.revokedAt) return 'revoked'
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open'
}

export type ReleaseDecision =
  | { release: true }
  | { release: false, reason: 'started' | 'not_held' }

/**
 * Whether a training lead may take a seat back. Only an unstarted one: once a learner has opened the
 * course their progress is tied to it, so the licence stays theirs.
 */
export function releaseDecision(seat: { status: string, learnerStarted: boolean }): ReleaseDecision {
  if (seat.status !== 'assigned') return { release: false, reason: 'not_held' }
  if (seat.learnerStarted) return { release: false, reason: 'started' }
  return { release: true }
}

/**
 * How far through the course a learner is: every section and the final assessment count as one step
 * each, so 100 % means completed. Mirrors the SQL that sorts the dashboard (server/services/organisations/org-dashboard.ts).
 */
export function progressPercent(input: { sectionsDone: number, sectionCount: number, completed: boolean }): number {
  if (input.completed) return 100
  const steps = input.sectionCount + 1
  return Math.min(99, Math.floor((100 * Math.max(0, input.sectionsDone)) / steps))
}
