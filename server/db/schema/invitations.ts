import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, idColumn } from './columns'
import { seats } from './course'
import { organisations } from './orgs'

export const INVITATION_ROLES = ['learner', 'manager'] as const

/**
 * An emailed invitation to join an organisation: as a learner (it holds one of the organisation's
 * seats, which becomes theirs on acceptance) or as a co-manager (no seat). Only the SHA-256 of the
 * link's token is stored; resending replaces it, so the old link stops working at once.
 */
export const invitations = pgTable('invitations', {
  id: idColumn(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  role: text('role', { enum: INVITATION_ROLES }).notNull(),
  /** The seat held for a learner invitation; a refund may revoke it before acceptance (see acceptInvitation). */
  seatId: uuid('seat_id').references(() => seats.id, { onDelete: 'restrict' }),
  email: text('email').notNull(),
  name: text('name'),
  tokenHash: text('token_hash').notNull().unique(),
  invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  acceptedUserId: uuid('accepted_user_id').references(() => users.id, { onDelete: 'set null' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, t => [
  check('invitations_role_known', sql`${t.role} in ('learner', 'manager')`),
  check('invitations_learner_has_seat', sql`(${t.role} = 'learner') = (${t.seatId} is not null)`),
  check('invitations_email_normalised', sql`${t.email} = lower(btrim(${t.email}))`),
  check('invitations_settled_once', sql`${t.acceptedAt} is null or ${t.revokedAt} is null`),
  // One open invitation per person and role in an organisation, and one per seat.
  uniqueIndex('invitations_open_per_email').on(t.organisationId, t.role, t.email).where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  uniqueIndex('invitations_open_per_seat').on(t.seatId).where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  index('invitations_organisation_idx').on(t.organisationId, t.role, t.createdAt),
])
