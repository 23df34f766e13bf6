import { createHash } from 'node:crypto'
import type { RateLimit } from './rate-limit'

// How often the platform will email someone because another person asked it to (issue 18, item 5). A training
// lead's invitation carries their words (a name, the organisation's name) to any address, so it is limited per
// sender and per recipient, and resends are spaced out. Learner invitations are already bounded by the seats
// bought; their resends count here too.

const DAY_MS = 24 * 60 * 60 * 1000

/** Co-manager invitations one person may send in a day. */
export const MANAGER_INVITATIONS_PER_SENDER: RateLimit = { scope: 'manager-invitation-sender', limit: 20, windowMs: DAY_MS }
/** Invitation resends one person may send in a day. */
export const RESENDS_PER_SENDER: RateLimit = { scope: 'invitation-resend-sender', limit: 100, windowMs: DAY_MS }
/** Co-manager invitations and resends one address may receive in a day, from anyone. */
export const INVITATION_MAILS_PER_RECIPIENT: RateLimit = { scope: 'invitation-recipient', limit: 3, windowMs: DAY_MS }
/** One invitation is sent again at most this often. */
export const RESEND_GAP_MS = 10 * 60 * 1000
/** Open co-manager invitations one organisation may have at once: withdraw some to send more. */
export const MAX_OPEN_MANAGER_INVITATIONS = 10

/** Recipients are counted under a hash of their address, so the counters hold no email addresses. */
export function recipientKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32)
}

/** Seconds until an invitation last sent at `sentAt` may be sent again, or 0 when it may go now. */
export function resendWaitSeconds(sentAt: Date, now: Date): number {
  const wait = sentAt.getTime() + RESEND_GAP_MS - now.getTime()
  return wait > 0 ? Math.ceil(wait / 1000) : 0
}
