import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { emailOutbox } from '../../db/schema'

export type SendMail = (mail: { to: string, subject: string, text: string }) => Promise<void>

export const OUTBOX_MAX_ATTEMPTS = 8

/** Exponential backoff: 30 s, 1 min, 2 min … capped at one hour. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000)
}

/**
 * Sends due mail. Rows are claimed with SKIP LOCKED so several server instances never send one twice;
 * a failure is recorded and retried later, and gives up after OUTBOX_MAX_ATTEMPTS.
 */
export async function deliverDueEmails(db: Db, send: SendMail, now = new Date(), batch = 20): Promise<number> {
  let delivered = 0
  await db.transaction(async (tx) => {
    const due = await tx.select().from(emailOutbox)
      .where(and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, now)))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true })
    for (const mail of due) {
      try {
        await send({ to: mail.to, subject: mail.subject, text: mail.text })
        await tx.update(emailOutbox).set({ status: 'sent', sentAt: now, attempts: sql`${emailOutbox.attempts} + 1` }).where(eq(emailOutbox.id, mail.id))
        delivered++
      }
      catch (error) {
        const attempts = mail.attempts + 1
        await tx.update(emailOutbox).set({
          attempts,
          status: attempts >= OUTBOX_MAX_ATTEMPTS ? 'failed' : 'pending',
          nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts)),
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
        }).where(eq(emailOutbox.id, mail.id))
      }
    }
  })
  return delivered
}
