/**
 * What a training lead is told after chasing people (issue 19 item 12): reminders to learners who hold a
 * licence, and invitations sent again to people who have not accepted yet, with every skip explained.
 */

/** Why an open invitation was not sent again this time. */
export type ResendSkipReason = 'sent_recently' | 'recipient_limit' | 'sender_limit' | 'no_seat'

export interface BulkResendResult {
  sent: number
  skipped: Record<ResendSkipReason, number>
}

export interface ReminderRoundResult {
  /** Learners holding a licence who were emailed a reminder. */
  reminded: number
  /** Open invitations sent again (the people who have not accepted have not started either). */
  invitations: BulkResendResult
}

/** Why, for one invitation (`one`) or several. */
const SKIP_WHY: Record<ResendSkipReason, (one: boolean) => string> = {
  sent_recently: one => `${one ? 'it was' : 'they were'} sent in the last 10 minutes, so give ${one ? 'it' : 'them'} time to arrive`,
  recipient_limit: one => `${one ? 'that address has' : 'those addresses have'} had as many invitations today as we send one address in a day`,
  sender_limit: () => 'you have sent as many invitations again as you can in one day; try again tomorrow',
  no_seat: () => 'there is no free licence to hold for them; buy more licences first',
}

const people = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The skipped invitations as one sentence per reason, or nothing when none was skipped. */
function skippedSentences(skipped: BulkResendResult['skipped']): string[] {
  return (Object.keys(SKIP_WHY) as ResendSkipReason[])
    .filter(reason => skipped[reason] > 0)
    .map(reason => `${people(skipped[reason], 'invitation was', 'invitations were')} not sent again: ${SKIP_WHY[reason](skipped[reason] === 1)}.`)
}

export function bulkResendMessage(result: BulkResendResult): string {
  const skipped = skippedSentences(result.skipped)
  if (!result.sent && !skipped.length) return 'There are no open invitations to send again.'
  const sent = result.sent
    ? `${people(result.sent, 'invitation was', 'invitations were')} sent again with a new link; the old links no longer work.`
    : 'No invitation was sent again.'
  return [sent, ...skipped].join(' ')
}

export function reminderRoundMessage(result: ReminderRoundResult): string {
  const { reminded, invitations } = result
  const open = invitations.sent + Object.values(invitations.skipped).reduce((a, b) => a + b, 0)
  const parts: string[] = []
  parts.push(reminded
    ? `Reminders are on their way to ${people(reminded, 'learner', 'learners')}; anyone reminded in the last 24 hours was skipped.`
    : 'No learner with a licence needed a reminder: they have finished, or were reminded in the last 24 hours.')
  if (open) parts.push(`${people(open, 'person has', 'people have')} not accepted their invitation yet: ${bulkResendMessage(invitations).replace(/^./, c => c.toLowerCase())}`)
  return parts.join(' ')
}
