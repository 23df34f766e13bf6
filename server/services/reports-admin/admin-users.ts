import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { decideAdminChange, isoTime } from '../../domain/reports-admin/admin'
import { DomainError } from '../../domain/platform/errors'
import { certificateSummary } from './admin-lists'
import { writeAudit } from '../platform/audit'

/** One person as an admin sees them: account, seats, progress, assessment attempts, certificates, orders. */
export async function adminUserDetail(db: Db, userId: string) {
  const [user] = await queryRows<Record<string, unknown>>(db, sql`
    select id, name, email, is_admin, email_verified_at, created_at, erased_at from users where id = ${userId}`)
  if (!user) throw new DomainError('not_found', 'There is no such account.')
  const [memberships, seats, enrolments, attempts, certificates, orders, audit] = await Promise.all([
    queryRows<Record<string, unknown>>(db, sql`
      select m.organisation_id, o.name as organisation_name, m.role, m.created_at from memberships m
      join organisations o on o.id = m.organisation_id where m.user_id = ${userId} order by o.name, m.role`),
    queryRows<Record<string, unknown>>(db, sql`
      select s.id, s.status, s.organisation_id, o.name as organisation_name, s.order_id, s.created_at from seats s
      left join organisations o on o.id = s.organisation_id where s.assigned_user_id = ${userId} order by s.created_at`),
    queryRows<Record<string, unknown>>(db, sql`
      select e.id, e.course_version, e.started_at, e.last_active_at, e.completed_at,
        (select count(*)::int from section_progress sp where sp.enrolment_id = e.id and sp.status = 'completed') as sections_done,
        e.active_seconds
      from enrolments e where e.user_id = ${userId} order by e.started_at`),
    queryRows<Record<string, unknown>>(db, sql`
      select a.attempt_number, a.score_percent, a.passed, a.created_at as started_at, a.submitted_at from assessment_attempts a
      join enrolments e on e.id = a.enrolment_id where e.user_id = ${userId} order by a.created_at`),
    queryRows<Record<string, unknown>>(db, sql`
      select c.code, c.learner_name, c.completed_at, c.issued_at, c.revoked_at, c.revoked_reason, c.superseded_at from certificates c
      join enrolments e on e.id = c.enrolment_id where e.user_id = ${userId} order by c.issued_at`),
    queryRows<Record<string, unknown>>(db, sql`
      select id, status, kind, quantity, total_pence, refunded_pence, created_at from orders where buyer_id = ${userId} order by created_at desc`),
    queryRows<Record<string, unknown>>(db, sql`
      select a.id, a.action, a.target_type, a.target_id, a.at, a.actor_id = ${userId} as by_them from audit_log a
      where a.target_id = ${userId} or a.actor_id = ${userId} order by a.at desc, a.id limit 20`),
  ])
  return {
    user: {
      id: user.id as string,
      name: user.name as string,
      email: user.email as string,
      isAdmin: user.is_admin as boolean,
      verified: Boolean(user.email_verified_at),
      createdAt: isoTime(user.created_at)!,
      erasedAt: isoTime(user.erased_at),
    },
    memberships: memberships.map(m => ({ organisationId: m.organisation_id as string, organisationName: m.organisation_name as string, role: m.role as string, since: isoTime(m.created_at)! })),
    seats: seats.map(s => ({ id: s.id as string, status: s.status as string, organisationId: s.organisation_id as string | null, organisationName: s.organisation_name as string | null, orderId: s.order_id as string | null, createdAt: isoTime(s.created_at)! })),
    enrolments: enrolments.map(e => ({
      id: e.id as string,
      courseVersion: Number(e.course_version),
      startedAt: isoTime(e.started_at)!,
      lastActiveAt: isoTime(e.last_active_at)!,
      completedAt: isoTime(e.completed_at),
      sectionsDone: Number(e.sections_done),
      activeSeconds: Number(e.active_seconds),
    })),
    attempts: attempts.map(a => ({ number: Number(a.attempt_number), scorePercent: a.score_percent as number | null, passed: a.passed as boolean | null, startedAt: isoTime(a.started_at)!, submittedAt: isoTime(a.submitted_at) })),
    certificates: certificates.map(certificateSummary),
    orders: orders.map(o => ({ id: o.id as string, status: o.status as string, kind: o.kind as string, quantity: Number(o.quantity), totalPence: Number(o.total_pence), refundedPence: Number(o.refunded_pence), createdAt: isoTime(o.created_at)! })),
    recentAudit: audit.map(a => ({ id: a.id as string, action: a.action as string, targetType: a.target_type as string | null, targetId: a.target_id as string | null, at: isoTime(a.at)!, byThem: Boolean(a.by_them) })),
  }
}

/**
 * Makes someone an admin or takes it away. One lock serialises every change of admin rights, so two admins
 * removing each other at once cannot leave the platform with none.
 */
export async function setAdminRights(db: Db, actorId: string, targetId: string, grant: boolean) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('admin-rights'))`)
    const [target] = await queryRows<{ is_admin: boolean, erased_at: string | null }>(tx, sql`select is_admin, erased_at from users where id = ${targetId} for update`)
    if (!target) throw new DomainError('not_found', 'There is no such account.')
    const [count] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from users where is_admin and erased_at is null`)
    const decision = decideAdminChange({ actorId, targetId, grant, targetIsAdmin: target.is_admin, targetErased: Boolean(target.erased_at), adminCount: Number(count!.n) })
    if (decision === 'none') return { isAdmin: target.is_admin, changed: false }
    await tx.execute(sql`update users set is_admin = ${grant} where id = ${targetId}`)
    await writeAudit(tx, { actorId, action: grant ? 'admin.granted' : 'admin.revoked', targetType: 'user', targetId })
    return { isAdmin: grant, changed: true }
  })
}
