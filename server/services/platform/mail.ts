import type { Db } from '../../db/client'
import { emailOutbox } from '../../db/schema'
import { renderEmail, type EmailTemplate } from '../../domain/platform/emails'

/**
 * Queues an email. Call it with the transaction that makes the change the email reports,
 * so the mail exists if and only if the change committed.
 */
export async function queueEmail(db: Db, to: string, mail: EmailTemplate) {
  const { subject, text } = renderEmail(mail)
  const { template, ...payload } = mail
  await db.insert(emailOutbox).values({ to, template, subject, text, payload })
}

/** Queues many emails in few statements (a whole batch of invitations), in the caller's transaction. */
export async function queueEmails(db: Db, mails: { to: string, mail: EmailTemplate }[]) {
  for (let i = 0; i < mails.length; i += 500) {
    await db.insert(emailOutbox).values(mails.slice(i, i + 500).map(({ to, mail }) => {
      const { subject, text } = renderEmail(mail)
      const { template, ...payload } = mail
      return { to, template, subject, text, payload }
    }))
  }
}
