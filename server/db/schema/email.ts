import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { createdAt, idColumn } from './columns'

/**
 * Transactional outbox: a mail is a row written in the same transaction as the change that causes it,
 * so a rolled-back change sends nothing and a committed one is never forgotten. A worker sends the rows.
 */
export const emailOutbox = pgTable('email_outbox', {
  id: idColumn(),
  to: text('to').notNull(),
  template: text('template').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: createdAt(),
}, t => [index('email_outbox_pending_idx').on(t.status, t.nextAttemptAt)])
