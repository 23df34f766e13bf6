import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { createdAt, idColumn } from './columns'
import { enrolments } from './course'

/**
 * A completion certificate, with the details exactly as issued: later changes to the learner's name or the
 * course title never alter it, so a PDF whose name or date was edited visibly disagrees with verification.
 * A reissue (after a name correction) supersedes the row: its name is cleared, it points to its successor,
 * and a new row with a new code becomes the enrolment's current certificate.
 */
export const certificates = pgTable('certificates', {
  id: idColumn(),
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'restrict' }),
  /** Canonical form, e.g. K7QX-4MHD-93TR-WE8A (shared/certificate-code.ts). */
  code: text('code').notNull().unique(),
  /** Null only once superseded or revoked by an erasure: such a code points to nothing personal. */
  learnerName: text('learner_name'),
  courseTitle: text('course_title').notNull(),
  cpdMinutes: integer('cpd_minutes').notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  /**
   * The last day (UK) the certificate is current, fixed when it is issued (certificate-expiry.ts); null: it does
   * not expire. Stored, not worked out when read, so a later change to an organisation's period never rewrites
   * what an issued certificate says. A calendar day, as the dashboard and verification show it.
   */
  validUntil: date('valid_until', { mode: 'string' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedReason: text('revoked_reason'),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  supersededById: uuid('superseded_by_id').references((): AnyPgColumn => certificates.id, { onDelete: 'restrict' }),
  createdAt: createdAt(),
}, t => [
  // Exactly one current certificate per enrolment, however many completions race or retry.
  uniqueIndex('certificates_current_enrolment_uq').on(t.enrolmentId).where(sql`${t.supersededAt} is null`),
  index('certificates_enrolment_idx').on(t.enrolmentId),
  check('certificates_code_format', sql`${t.code} ~ '^[2-9ACDEFGHJKMNPQRTVWXY]{4}(-[2-9ACDEFGHJKMNPQRTVWXY]{4}){3}$'`),
  check('certificates_cpd_positive', sql`${t.cpdMinutes} > 0`),
  check('certificates_revocation_has_reason', sql`(${t.revokedAt} is null) = (${t.revokedReason} is null)`),
  // A reissue marks the old row superseded, inserts its successor, then links it: `by` never comes without `at`.
  check('certificates_superseded_by_needs_date', sql`${t.supersededById} is null or ${t.supersededAt} is not null`),
  check('certificates_name_until_superseded', sql`${t.learnerName} is not null or ${t.supersededAt} is not null or ${t.revokedAt} is not null`),
])

/**
 * Fixed-window request counters, kept in PostgreSQL so a limit holds across server instances.
 * One row per scope, client key and window start; old windows are deleted as new ones open.
 */
export const rateLimitWindows = pgTable('rate_limit_windows', {
  scope: text('scope').notNull(),
  clientKey: text('client_key').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull().default(1),
}, t => [
  primaryKey({ columns: [t.scope, t.clientKey, t.windowStart] }),
  index('rate_limit_windows_start_idx').on(t.windowStart),
])

