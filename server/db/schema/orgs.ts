import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, idColumn } from './columns'

/** A council department, charity or fostering agency that buys seats. */
export const organisations = pgTable('organisations', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: createdAt(),
})

/**
 * A training lead is a `manager` of an organisation; learners hold seats through `learner` memberships.
 * An organisation keeps at least one manager: removals lock the organisation's row and count first.
 */
export const memberships = pgTable('memberships', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ['manager', 'learner'] }).notNull(),
  createdAt: createdAt(),
}, t => [
  primaryKey({ columns: [t.organisationId, t.userId, t.role] }),
  index('memberships_user_idx').on(t.userId, t.role),
])
