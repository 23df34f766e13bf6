import { runScheduledReminders } from '../services/organisations/reminder-schedule'

/**
 * The organisations' automatic reminders (docs/compliance.md): a round every ten minutes on the server's
 * clock (serverNow, so the test clock moves the schedule too). Each reminder is claimed in the database,
 * so several instances running rounds at once still send one email a day to anyone.
 */
export const REMINDER_ROUND_MS = 10 * 60 * 1000

export default defineNitroPlugin((nitro) => {
  if (import.meta.prerender) return
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await runScheduledReminders(await useDb(), { siteUrl: publicSiteUrl(), now: serverNow() })
    }
    catch (error) {
      console.error('Scheduled reminders: the round failed; the next one will retry.', error instanceof Error ? error.message : error)
    }
    finally {
      running = false
    }
  }, REMINDER_ROUND_MS)
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
