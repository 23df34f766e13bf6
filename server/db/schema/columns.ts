import { timestamp, uuid } from 'drizzle-orm/pg-core'

/** Primary key shared by most tables: random, so ids in URLs reveal nothing about volume. */
export const idColumn = () => uuid('id').primaryKey().defaultRandom()

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
