import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, idColumn } from './columns'

/** A council department, charity or fostering agency that buys seats. */
export const organisations = pgTable('organisations', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  // Compliance settings (docs/compliance.md), edited by training leads.
  /** Learners invited without a due date are due this many weeks after the invitation; null: no default. */
  defaultDueWeeks: integer('default_due_weeks'),
  /** The automatic reminder schedule: on unless a lead turns it off. */
  remindersEnabled: boolean('reminders_enabled').notNull().default(true),
  /** The first scheduled reminder goes this many days before the due date. */
  reminderDaysBefore: integer('reminder_days_before').notNull().default(7),
  /** How long a certificate stays current (12, 24 or 36 months); null: it does not expire. */
  certificateMonths: integer('certificate_months'),
}, t => [
  check('organisations_default_due_weeks', sql`${t.defaultDueWeeks} is null or ${t.defaultDueWeeks} between 1 and 104`),
  check('organisations_reminder_days_before', sql`${t.reminderDaysBefore} between 1 and 60`),
  check('organisations_certificate_months', sql`${t.certificateMonths} is null or ${t.certificateMonths} in (12, 24, 36)`),
])

/** A group of an organisation's learners (e.g. "Fostering North"); each seat belongs to at most one. */
export const teams = pgTable('teams', {
  id: idColumn(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  createdAt: createdAt(),
}, t => [
  // "Residential" and "residential " are the same team.
  uniqueIndex('teams_name_per_org').on(t.organisationId, sql`lower(${t.name})`),
  check('teams_name_trimmed', sql`${t.name} = btrim(${t.name}) and length(${t.name}) between 1 and 80`),
])

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
