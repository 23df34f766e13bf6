import { boolean, customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { createdAt, idColumn } from './columns'

const bytea = customType<{ data: Uint8Array, driverData: Uint8Array }>({ dataType: () => 'bytea' })

export const users = pgTable('users', {
  id: idColumn(),
  // Always stored lower-cased and trimmed (normaliseEmail), so the unique index is case-insensitive in effect.
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  isAdmin: boolean('is_admin').notNull().default(false),
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  createdAt: createdAt(),
  /** Set when an admin erases the account (data protection): the row stays, anonymised, so totals stay right. */
  erasedAt: timestamp('erased_at', { withTimezone: true }),
})

/** Lucia-style sessions: the cookie holds `id.secret`; only SHA-256(secret) is stored. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  secretHash: bytea('secret_hash').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('sessions_user_idx').on(t.userId)])

/** Single-use links sent by email: email verification and password reset. Only the SHA-256 is stored. */
export const emailTokens = pgTable('email_tokens', {
  id: idColumn(),
  purpose: text('purpose', { enum: ['verify_email', 'reset_password'] }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
}, t => [index('email_tokens_user_idx').on(t.userId, t.purpose)])

/**
 * Failed sign-ins, kept in the database so throttling holds across server instances.
 * Keyed by the normalised email whether or not an account exists, so throttling reveals nothing.
 */
export const signInFailures = pgTable('sign_in_failures', {
  id: idColumn(),
  emailKey: text('email_key').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('sign_in_failures_email_at_idx').on(t.emailKey, t.at)])

export const auditLog = pgTable('audit_log', {
  id: idColumn(),
  actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  details: text('details'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('audit_log_at_idx').on(t.at)])
