import type { ReminderRoundResult } from '#shared/reminders'
import type { Db } from '../../db/client'
import { resendOpenInvitations } from './invitations'
import { remindLearners, type ReminderAudience, type ReminderContext } from './org-seats'

/**
 * "Remind everyone who has not started (or finished)": the learners holding a licence get a reminder, and
 * the people who have not accepted their invitation yet (who have not started either) get it again with a
 * new link, within the resend limits. Before issue 19 the invitations were left out, and a lead with eight
 * people who had never started was told nobody needed a reminder.
 */
export async function remindAudience(db: Db, ctx: ReminderContext, audience: ReminderAudience): Promise<ReminderRoundResult> {
  const { reminded } = await remindLearners(db, ctx, { audience })
  const invitations = await resendOpenInvitations(db, { organisationId: ctx.organisation.id, actor: ctx.actor, siteUrl: ctx.siteUrl, now: ctx.now })
  return { reminded, invitations }
}
