import { sql } from 'drizzle-orm'
import { type AnyPgColumn, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { orders } from './billing'
import { createdAt, idColumn } from './columns'
import { organisations, teams } from './orgs'

/**
 * One row per licence. A paid order creates its seats (order_id, numbered 1..quantity by order_seq, so
 * fulfilling an order twice is impossible even by mistake); `npm run seat:grant` and the demo seed make
 * seats without an order. An organisation's seats carry its id; an individual's own licence has none.
 * A refund revokes the order's seats nobody holds yet (status `revoked`, revoked_at set).
 * A training lead moves seats between `available`, `invited` (invited_email set) and `assigned`
 * (server/services/organisations/org-seats.ts and invitations.ts); a seat a lead frees goes back to `available`.
 */
export const seats = pgTable('seats', {
  id: idColumn(),
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  orderId: uuid('order_id').references(() => orders.id, { onDelete: 'restrict' }),
  orderSeq: integer('order_seq'),
  status: text('status', { enum: ['available', 'invited', 'assigned', 'revoked'] }).notNull().default('available'),
  assignedUserId: uuid('assigned_user_id').references(() => users.id, { onDelete: 'set null' }),
  invitedEmail: text('invited_email'),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** The last reminder to finish the course: at most one a day, claimed by a conditional update. */
  lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
  /** Revoked only because its order's invoice is overdue: given back as available if the invoice is paid. */
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
  // Compliance (docs/compliance.md): the holder's team and the day by which they should complete, kept
  // on the seat so they follow an invitation into the learner's place. A freed seat clears them.
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  dueOn: date('due_on', { mode: 'string' }),
  /** A random token for the "stop these reminders" link (low value: it can only stop reminders). */
  reminderOptOutToken: text('reminder_opt_out_token').unique(),
  /** When the holder used that link: the scheduled reminders stop, and the lead can see it. */
  remindersStoppedAt: timestamp('reminders_stopped_at', { withTimezone: true }),
  /**
   * What the licence is for: a person's `first` completion, or a `refresher` after their certificate expires
   * (docs/compliance.md). A refresher seat is taken by server/services/assessment-completion/completion.ts, startRefresher, and is
   * linked from the refresher's enrolment; only first seats count towards "one seat per person".
   */
  purpose: text('purpose', { enum: ['first', 'refresher'] }).notNull().default('first'),
}, t => [
  index('seats_team_idx').on(t.teamId),
  index('seats_assigned_user_idx').on(t.assignedUserId),
  index('seats_organisation_status_idx').on(t.organisationId, t.status),
  unique('seats_order_seq_uq').on(t.orderId, t.orderSeq),
  check('seats_order_seq_with_order', sql`(${t.orderId} is null) = (${t.orderSeq} is null)`),
  check('seats_order_seq_positive', sql`${t.orderSeq} is null or ${t.orderSeq} >= 1`),
  check('seats_suspended_is_revoked', sql`${t.suspendedAt} is null or ${t.status} = 'revoked'`),
  check('seats_revoked_at_set', sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`),
  // Each row is one licence in exactly one state, so "assigned + invited <= bought" holds by construction
  // as long as a row in a state really is in it: a free seat holds nobody, an invited one names its email.
  check('seats_available_is_free', sql`${t.status} <> 'available' or (${t.assignedUserId} is null and ${t.invitedEmail} is null)`),
  check('seats_invited_names_email', sql`${t.status} <> 'invited' or (${t.invitedEmail} is not null and ${t.assignedUserId} is null)`),
  check('seats_email_normalised', sql`${t.invitedEmail} is null or ${t.invitedEmail} = lower(btrim(${t.invitedEmail}))`),
  // A person holds at most one seat per organisation: by account, and by email (an assigned seat keeps the
  // email it was offered to, which is its holder's, so an invitation can never add a second seat).
  uniqueIndex('seats_one_per_user_per_org').on(t.organisationId, t.assignedUserId).where(sql`${t.status} = 'assigned' and ${t.organisationId} is not null and ${t.purpose} = 'first'`),
  // A refresher seat is never offered by invitation: it goes straight to the learner who starts the refresher.
  check('seats_refresher_not_invited', sql`${t.purpose} = 'first' or ${t.invitedEmail} is null`),
  uniqueIndex('seats_one_per_email_per_org').on(t.organisationId, t.invitedEmail).where(sql`${t.status} in ('invited', 'assigned') and ${t.organisationId} is not null`),
])

export interface Position {
  sectionId: string
  anchor: string
  at: number
}

/**
 * A learner taking one version of the course. Completion is recorded once, with its date, the active minutes
 * credited in each section and the final assessment's score at that moment (what the certificate stands for).
 * `time_credited_until` is the moment on the server's clock up to which active time has been credited: each
 * credit moves it forward by what it grants and never past the server's now, so the enrolment's credited time
 * can never run ahead of real time (server/services/course-progress/progress.ts, creditTime).
 */
export const enrolments = pgTable('enrolments', {
  id: idColumn(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  courseVersion: integer('course_version').notNull(),
  seatId: uuid('seat_id').references(() => seats.id, { onDelete: 'set null' }),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull().defaultNow(),
  lastPosition: jsonb('last_position').$type<Position>(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  timeCreditedUntil: timestamp('time_credited_until', { withTimezone: true }).notNull().defaultNow(),
  /** At completion: section id → whole minutes credited there. */
  completionMinutes: jsonb('completion_minutes').$type<Record<string, number>>(),
  /** At completion: the passing assessment score (%). */
  completionScore: integer('completion_score'),
  /**
   * Every second of active time credited, in all sections: a running total moved in the same statement as each
   * credit (creditTime in server/services/course-progress/progress.ts), so reports read one number instead of summing sections.
   */
  activeSeconds: integer('active_seconds').notNull().default(0),
  /** 1 for a learner's first enrolment in a version; a refresher is its predecessor's cycle + 1. */
  cycle: integer('cycle').notNull().default(1),
  /** A refresher: the completed enrolment it renews (the rule of what it requires reads that one's version). */
  refreshesEnrolmentId: uuid('refreshes_enrolment_id').references((): AnyPgColumn => enrolments.id, { onDelete: 'cascade' }),
}, t => [
  // One first enrolment per learner and version, as before; refreshers are extra rows, one per completion renewed,
  // so two clicks or two tabs starting a refresher make one (and take one licence).
  uniqueIndex('enrolments_user_version_uq').on(t.userId, t.courseVersion).where(sql`${t.refreshesEnrolmentId} is null`),
  uniqueIndex('enrolments_one_refresher_uq').on(t.refreshesEnrolmentId),
  index('enrolments_user_cycle_idx').on(t.userId, t.courseVersion, t.cycle),
  check('enrolments_cycle_of_refresher', sql`(${t.refreshesEnrolmentId} is null) = (${t.cycle} = 1)`),
])

export const sectionProgress = pgTable('section_progress', {
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  sectionId: text('section_id').notNull(),
  status: text('status', { enum: ['not_started', 'in_progress', 'completed'] }).notNull().default('in_progress'),
  contentReached: boolean('content_reached').notNull().default(false),
  activeSeconds: integer('active_seconds').notNull().default(0),
  lastAnchor: text('last_anchor'),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [primaryKey({ columns: [t.enrolmentId, t.sectionId] })])

/**
 * Each grant of active time, on the server's clock: what the final assessment's retake rule reads ("credited
 * time in these sections since that attempt"). section_progress.active_seconds keeps the running totals.
 */
export const timeCredits = pgTable('time_credits', {
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  sectionId: text('section_id').notNull(),
  creditedAt: timestamp('credited_at', { withTimezone: true }).notNull(),
  seconds: integer('seconds').notNull(),
}, t => [
  index('time_credits_enrolment_at_idx').on(t.enrolmentId, t.creditedAt),
  check('time_credits_seconds_positive', sql`${t.seconds} > 0`),
])

/** Every progress event ever applied, by its client-generated id: a replayed event is recognised and skipped. */
export const progressEvents = pgTable('progress_events', {
  id: uuid('id').primaryKey(),
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  result: jsonb('result'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Each answer to a quiz question or each choice in a scenario, graded on the server. */
export const activityAttempts = pgTable('activity_attempts', {
  id: idColumn(),
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  activityId: text('activity_id').notNull(),
  itemId: text('item_id').notNull(),
  attemptNumber: integer('attempt_number').notNull(),
  answers: jsonb('answers').notNull(),
  score: real('score').notNull(),
  passed: boolean('passed').notNull(),
  clientEventId: uuid('client_event_id').notNull().unique(),
  createdAt: createdAt(),
}, t => [index('activity_attempts_enrolment_idx').on(t.enrolmentId, t.activityId)])

/** A required activity (quiz or scenario) the learner has finished at least once. */
export const activityCompletions = pgTable('activity_completions', {
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  activityId: text('activity_id').notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [primaryKey({ columns: [t.enrolmentId, t.activityId] })])

/** Private free-text reflections: the learner's own notes, never marked and never shown to managers. */
export const reflections = pgTable('reflections', {
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  reflectionId: text('reflection_id').notNull(),
  text: text('text').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [primaryKey({ columns: [t.enrolmentId, t.reflectionId] })])

/** One sitting of the final assessment: the questions drawn, and the result once submitted. */
export const assessmentAttempts = pgTable('assessment_attempts', {
  id: idColumn(),
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  attemptNumber: integer('attempt_number').notNull(),
  questionIds: jsonb('question_ids').$type<string[]>().notNull(),
  answers: jsonb('answers').$type<Record<string, unknown>>(),
  scorePercent: integer('score_percent'),
  passed: boolean('passed'),
  startedAt: createdAt(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
}, t => [
  unique('assessment_attempts_enrolment_number_uq').on(t.enrolmentId, t.attemptNumber),
  // An unfinished attempt is resumed, never doubled, even when two "start" requests race.
  uniqueIndex('assessment_attempts_one_open_uq').on(t.enrolmentId).where(sql`${t.submittedAt} is null`),
  // A submitted attempt always has its answers and mark; an open one has neither.
  check('assessment_attempts_submitted_marked', sql`(${t.submittedAt} is null) = (${t.scorePercent} is null) and (${t.submittedAt} is null) = (${t.passed} is null)`),
])

export interface ScenarioPathEntry {
  stepId: string
  choiceId: string
}

/**
 * One run through a scenario: the choices made so far, in order, and the ending once reached. A replay
 * starts a new run; earlier runs (and every choice, in activity_attempts) stay recorded.
 */
export const scenarioRuns = pgTable('scenario_runs', {
  enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
  activityId: text('activity_id').notNull(),
  run: integer('run').notNull(),
  path: jsonb('path').$type<ScenarioPathEntry[]>().notNull().default([]),
  endingId: text('ending_id'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
}, t => [
  primaryKey({ columns: [t.enrolmentId, t.activityId, t.run] }),
  check('scenario_runs_run_positive', sql`${t.run} >= 1`),
  check('scenario_runs_ended_with_ending', sql`(${t.endingId} is null) = (${t.endedAt} is null)`),
])
