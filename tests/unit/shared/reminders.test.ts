import { describe, expect, it } from 'vitest'
import { bulkResendMessage, reminderRoundMessage } from '../../../shared/reminders'

const none = { sent_recently: 0, recipient_limit: 0, sender_limit: 0, no_seat: 0 }

describe('what a training lead is told after chasing people', () => {
  it('counts people with open invitations among those who have not started (the lead was told "nobody")', () => {
    expect(reminderRoundMessage({ reminded: 0, invitations: { sent: 8, skipped: none } }))
      .toBe('No learner with a licence needed a reminder: they have finished, or were reminded in the last 24 hours. 8 people have not accepted their invitation yet: 8 invitations were sent again with a new link; the old links no longer work.')
  })

  it('says how many were sent and why each of the others was skipped', () => {
    expect(bulkResendMessage({ sent: 1, skipped: { ...none, sent_recently: 2, recipient_limit: 1 } }))
      .toBe('1 invitation was sent again with a new link; the old links no longer work. 2 invitations were not sent again: they were sent in the last 10 minutes, so give them time to arrive. 1 invitation was not sent again: that address has had as many invitations today as we send one address in a day.')
  })

  it('says so when there is nothing to send', () => {
    expect(bulkResendMessage({ sent: 0, skipped: none })).toBe('There are no open invitations to send again.')
    expect(reminderRoundMessage({ reminded: 2, invitations: { sent: 0, skipped: none } })).toBe('Reminders are on their way to 2 learners; anyone reminded in the last 24 hours was skipped.')
  })
})
