import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, idColumn } from './columns'

/** SCORM status words as stored: 2004 vocabularies, with 1.2's lesson_status mapped onto both. */
export const COMPLETION_STATUSES = ['unknown', 'not attempted', 'incomplete', 'completed'] as const
export const SUCCESS_STATUSES = ['unknown', 'failed', 'passed'] as const

/** An uploaded SCORM package: what its manifest says, and where its files are stored. */
export const scormPackages = pgTable('scorm_packages', {
  id: idColumn(),
  title: text('title').notNull(),
  version: text('version', { enum: ['1.2', '2004'] }).notNull(),
  /** As the manifest names it, e.g. "1.2", "CAM 1.3", "2004 3rd Edition". */
  schemaVersion: text('schema_version').notNull(),
  manifestIdentifier: text('manifest_identifier').notNull(),
  organisationIdentifier: text('organisation_identifier').notNull(),
  scoIdentifier: text('sco_identifier').notNull(),
  /** Path inside the package, with any query string the manifest gives. */
  launchPath: text('launch_path').notNull(),
  /** 0..1; from 1.2 masteryscore / 100 or 2004 minNormalizedMeasure with satisfiedByMeasure. */
  masteryScaled: real('mastery_scaled'),
  completionThreshold: real('completion_threshold'),
  launchData: text('launch_data'),
  /** 2004 objective ids declared for the SCO, loaded into cmi.objectives at launch. */
  objectiveIds: jsonb('objective_ids').$type<string[]>().notNull().default([]),
  /** Every stored file's path, so a package can be removed from any storage without listing it. */
  files: jsonb('files').$type<string[]>().notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  /** Hidden from learners; their results stay. */
  archivedAt: timestamp('archived_at', { withTimezone: true }),
}, t => [
  check('scorm_packages_mastery_range', sql`${t.masteryScaled} is null or (${t.masteryScaled} >= 0 and ${t.masteryScaled} <= 1)`),
  check('scorm_packages_threshold_range', sql`${t.completionThreshold} is null or (${t.completionThreshold} >= 0 and ${t.completionThreshold} <= 1)`),
])

/**
 * One learner's record for one package: the table admin reports read. Statuses are the best reached
 * in any attempt (completion and passing are never taken back); the score is the best scaled score.
 */
export const scormRegistrations = pgTable('scorm_registrations', {
  id: idColumn(),
  packageId: uuid('package_id').notNull().references(() => scormPackages.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  attemptCount: integer('attempt_count').notNull().default(0),
  completionStatus: text('completion_status', { enum: COMPLETION_STATUSES }).notNull().default('not attempted'),
  successStatus: text('success_status', { enum: SUCCESS_STATUSES }).notNull().default('unknown'),
  /** Best score in any attempt, -1..1 (1.2 raw scores are stored here as raw / 100). */
  scoreScaled: real('score_scaled'),
  totalSeconds: integer('total_seconds').notNull().default(0),
  firstLaunchedAt: timestamp('first_launched_at', { withTimezone: true }).notNull().defaultNow(),
  lastLaunchedAt: timestamp('last_launched_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  passedAt: timestamp('passed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  unique('scorm_registrations_package_user_uq').on(t.packageId, t.userId),
  index('scorm_registrations_user_idx').on(t.userId),
  check('scorm_registrations_score_range', sql`${t.scoreScaled} is null or (${t.scoreScaled} >= -1 and ${t.scoreScaled} <= 1)`),
])

/**
 * One attempt at a package: its CMI data and the newest commit applied. A commit is ordered by
 * (launch number, sequence within that launch), so a late beacon or a retried request never
 * overwrites what a newer one stored.
 */
export const scormAttempts = pgTable('scorm_attempts', {
  id: idColumn(),
  registrationId: uuid('registration_id').notNull().references(() => scormRegistrations.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  launchCount: integer('launch_count').notNull().default(0),
  commitLaunch: integer('commit_launch').notNull().default(0),
  commitSeq: integer('commit_seq').notNull().default(0),
  /** Learner-writable CMI elements by their dotted name, as last committed. */
  cmi: jsonb('cmi').$type<Record<string, string>>().notNull().default({}),
  completionStatus: text('completion_status', { enum: COMPLETION_STATUSES }).notNull().default('not attempted'),
  successStatus: text('success_status', { enum: SUCCESS_STATUSES }).notNull().default('unknown'),
  scoreScaled: real('score_scaled'),
  scoreRaw: real('score_raw'),
  progressMeasure: real('progress_measure'),
  /** Time in earlier launches, plus the newest session_time of the current launch (clamped). */
  priorSeconds: integer('prior_seconds').notNull().default(0),
  sessionSeconds: integer('session_seconds').notNull().default(0),
  currentLaunchAt: timestamp('current_launch_at', { withTimezone: true }).notNull().defaultNow(),
  /** cmi.exit as set in the current launch (final once terminated_at is set): "suspend" resumes the attempt. */
  lastExit: text('last_exit'),
  terminatedAt: timestamp('terminated_at', { withTimezone: true }),
  startedAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  unique('scorm_attempts_registration_number_uq').on(t.registrationId, t.number),
  check('scorm_attempts_seconds_nonnegative', sql`${t.priorSeconds} >= 0 and ${t.sessionSeconds} >= 0`),
])
