import { z } from 'zod'
import { DomainError } from '../../domain/platform/errors'
import { stopReminders } from '../../services/organisations/reminder-schedule'

const bodySchema = z.object({ token: z.string().regex(/^[a-z2-7]{32}$/, 'This link is not complete. Copy the whole link from the email.') })

/** The "stop these reminders" link in an automatic reminder. No sign-in: the link is the proof. */
export default defineApiHandler(async (event) => {
  const { token } = await readBodyAs(event, bodySchema)
  const { stopped } = await stopReminders(await useDb(), token, serverNow())
  if (!stopped) throw new DomainError('not_found', 'This link is not valid. Check that you copied the whole link from the email.', { code: 'reminder_link_unknown' })
  return { stopped }
})
