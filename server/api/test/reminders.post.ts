import { runScheduledReminders } from '../../services/organisations/reminder-schedule'

/** Test mode only: runs a round of the automatic reminders now, on the server's (test) clock, instead of waiting ten minutes. */
export default defineApiHandler(async () => {
  requireTestClock()
  return runScheduledReminders(await useDb(), { siteUrl: publicSiteUrl(), now: serverNow() })
})
