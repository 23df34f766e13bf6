import { desc } from 'drizzle-orm'
import { emailOutbox } from '../../db/schema'
import { appEnvAllows } from '../../domain/platform/app-env'

/** Development and test only: every queued or sent email, for the /dev/mailbox page. 404 in production or with SMTP. */
export default defineApiHandler(async () => {
  const config = useRuntimeConfig()
  if (!appEnvAllows.devMailbox(config.appEnv) || config.smtpUrl) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const db = await useDb()
  const mails = await db.select({
    id: emailOutbox.id,
    to: emailOutbox.to,
    subject: emailOutbox.subject,
    text: emailOutbox.text,
    status: emailOutbox.status,
    createdAt: emailOutbox.createdAt,
  }).from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(200)
  return { mails }
})
