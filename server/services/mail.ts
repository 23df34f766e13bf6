import type { Db } from '../db/client'
import { emailOutbox } from '../db/schema'
import { renderEmail, type EmailTemplate } from '../domain/emails'

/**
 * Queues an email. Call it with the transaction that makes the change the email reports,
 * so the mail exists if and only if the change committed.
 */
export async function queueEmail(db: Db, to: string, mail: EmailTemplate) {
  const { subject, text } = renderEmail(mail)
  const { template, ...payload } = mail
  await db.insert(emailOutbox).values({ to, template, subject, text, payload })
}
