import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { DomainError } from '../../domain/platform/errors'
import { writeAudit } from '../platform/audit'

/**
 * Everything held about one person (a subject access request), as plain JSON: their account (no password or
 * token hashes), memberships, seats, course records, reflections, certificates, orders, invitations addressed to
 * them, the emails sent to them (without their text) and audit entries about them. The export itself is
 * audited, without its contents.
 */
export async function exportUserData(db: Db, actorId: string, userId: string, now = new Date()) {
  const rows = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, query)
  const [user] = await rows(sql`select id, email, name, is_admin, email_verified_at, created_at, erased_at from users where id = ${userId}`)
  if (!user) throw new DomainError('not_found', 'There is no such account.')
  const email = user.email as string
  const enrolmentIds = sql`(select id from enrolments where user_id = ${userId})`
  const [memberships, seats, enrolments, sectionProgress, activityAttempts, activityCompletions, scenarioRuns, reflections, assessmentAttempts, certificates, orders, invitations, scorm, audit, sessions, emails] = await Promise.all([
    rows(sql`select m.organisation_id, o.name as organisation_name, m.role, m.created_at from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ${userId}`),
    rows(sql`select id, organisation_id, order_id, status, invited_email, created_at, last_reminded_at from seats where assigned_user_id = ${userId}`),
    rows(sql`select id, course_version, seat_id, started_at, last_active_at, last_position, completed_at from enrolments where user_id = ${userId}`),
    rows(sql`select enrolment_id, section_id, status, content_reached, active_seconds, last_anchor, completed_at, updated_at from section_progress where enrolment_id in ${enrolmentIds}`),
    rows(sql`select enrolment_id, activity_id, item_id, attempt_number, answers, score, passed, created_at from activity_attempts where enrolment_id in ${enrolmentIds} order by created_at`),
    rows(sql`select enrolment_id, activity_id, completed_at from activity_completions where enrolment_id in ${enrolmentIds}`),
    rows(sql`select enrolment_id, activity_id, run, path, ending_id, started_at, ended_at from scenario_runs where enrolment_id in ${enrolmentIds}`),
    rows(sql`select enrolment_id, reflection_id, text, updated_at from reflections where enrolment_id in ${enrolmentIds}`),
    rows(sql`select enrolment_id, attempt_number, question_ids, answers, score_percent, passed, created_at as started_at, submitted_at from assessment_attempts where enrolment_id in ${enrolmentIds}`),
    rows(sql`select code, learner_name, course_title, cpd_minutes, completed_at, issued_at, revoked_at, revoked_reason, superseded_at from certificates where enrolment_id in ${enrolmentIds}`),
    rows(sql`select id, kind, organisation_id, organisation_name, quantity, unit_price_pence, total_pence, refunded_pence, currency, status, purchase_order_ref, created_at, paid_at, refunded_at from orders where buyer_id = ${userId}`),
    rows(sql`select i.id, i.organisation_id, o.name as organisation_name, i.role, i.email, i.name, i.sent_at, i.expires_at, i.accepted_at, i.revoked_at
      from invitations i join organisations o on o.id = i.organisation_id where i.email = ${email} or i.accepted_user_id = ${userId}`),
    rows(sql`select r.package_id, p.title as package_title, r.attempt_count, r.completion_status, r.success_status, r.score_scaled, r.total_seconds, r.first_launched_at, r.last_launched_at, r.completed_at, r.passed_at
      from scorm_registrations r join scorm_packages p on p.id = r.package_id where r.user_id = ${userId}`),
    rows(sql`select id, actor_id = ${userId} as by_them, action, target_type, target_id, details, at from audit_log
      where actor_id = ${userId} or target_id = ${userId} or details like ${`%${userId}%`} order by at`),
    rows(sql`select created_at, last_verified_at from sessions where user_id = ${userId}`),
    // Which emails were sent, not their text: links in them carry live tokens.
    rows(sql`select template, subject, status, created_at, sent_at from email_outbox where "to" = ${email} order by created_at`),
  ])
  await writeAudit(db, { actorId, action: 'user.exported', targetType: 'user', targetId: userId })
  return {
    exportedAt: now.toISOString(),
    account: user,
    sessions,
    emails,
    memberships,
    seats,
    enrolments,
    sectionProgress,
    activityAttempts,
    activityCompletions,
    scenarioRuns,
    reflections,
    assessmentAttempts,
    certificates,
    scorm,
    orders,
    invitations,
    auditLog: audit.map(a => ({ ...a, details: parseDetails(a.details as string | null) })),
  }
}

function parseDetails(details: string | null): unknown {
  if (!details) return null
  try {
    return JSON.parse(details)
  }
  catch {
    return details
  }
}
