import { sql, type SQL } from 'drizzle-orm'
import type { AdminCertificatesQuery, AdminOrdersQuery, AdminOrganisationsQuery, AdminUsersQuery } from '#shared/types/admin'
import type { Db } from '../../db/client'
import { isoTime } from '../../domain/reports-admin/admin'
import { daysOverdue } from '../../domain/billing/billing'
import { likePattern } from '../../domain/platform/search'
import { paged, where } from '../platform/paged-query'

// The admin lists: search (ILIKE, `%` and `_` literal), validated filters and offset paging, all in PostgreSQL.

export interface AdminUserRow {
  id: string
  name: string
  email: string
  is_admin: boolean
  email_verified_at: string | null
  erased_at: string | null
  created_at: string
  managed: number
  has_seat: boolean
  completed_at: string | null
}

export async function listUsers(db: Db, query: AdminUsersQuery) {
  const parts: SQL[] = []
  if (query.q) {
    const pattern = likePattern(query.q)
    parts.push(sql`(u.name ilike ${pattern} or u.email ilike ${pattern})`)
  }
  const manages = sql`exists (select 1 from memberships m where m.user_id = u.id and m.role = 'manager')`
  const seated = sql`exists (select 1 from seats s where s.assigned_user_id = u.id and s.status = 'assigned')`
  if (query.role === 'admin') parts.push(sql`u.is_admin`)
  if (query.role === 'manager') parts.push(manages)
  if (query.role === 'learner') parts.push(seated)
  if (query.role === 'none') parts.push(sql`not u.is_admin and not ${manages} and not ${seated}`)
  if (query.status === 'verified') parts.push(sql`u.email_verified_at is not null and u.erased_at is null`)
  if (query.status === 'unverified') parts.push(sql`u.email_verified_at is null and u.erased_at is null`)
  if (query.status === 'erased') parts.push(sql`u.erased_at is not null`)
  const [meta, rows] = await paged<AdminUserRow>(db, sql`from users u ${where(parts)}`, sql`select u.id, u.name, u.email, u.is_admin, u.email_verified_at, u.erased_at, u.created_at,
      (select count(*)::int from memberships m where m.user_id = u.id and m.role = 'manager') as managed,
      ${seated} as has_seat,
      (select max(e.completed_at) from enrolments e where e.user_id = u.id) as completed_at`, sql`u.created_at desc, u.id`, query.page, query.pageSize)
  return {
    ...meta,
    users: rows.map(r => ({
      id: r.id,
      name: r.name,
      email: r.email,
      isAdmin: r.is_admin,
      verified: Boolean(r.email_verified_at),
      erased: Boolean(r.erased_at),
      createdAt: isoTime(r.created_at)!,
      organisationsManaged: Number(r.managed),
      hasSeat: r.has_seat,
      completedAt: isoTime(r.completed_at),
    })),
  }
}

export async function listOrganisations(db: Db, query: AdminOrganisationsQuery) {
  const parts: SQL[] = []
  if (query.q) parts.push(sql`o.name ilike ${likePattern(query.q)}`)
  const [meta, rows] = await paged<Record<string, unknown>>(db, sql`from organisations o ${where(parts)}`, sql`select o.id, o.name, o.created_at,
      (select count(*)::int from memberships m where m.organisation_id = o.id and m.role = 'manager') as managers,
      (select count(*)::int from seats s where s.organisation_id = o.id and s.status <> 'revoked') as seats,
      (select count(*)::int from seats s where s.organisation_id = o.id and s.status = 'assigned') as seats_used,
      (select count(distinct s.assigned_user_id)::int from seats s join enrolments e on e.user_id = s.assigned_user_id and e.completed_at is not null
        where s.organisation_id = o.id and s.status = 'assigned' and s.purpose = 'first') as completions`, sql`o.name, o.id`, query.page, query.pageSize)
  return {
    ...meta,
    organisations: rows.map(r => ({
      id: r.id as string,
      name: r.name as string,
      createdAt: isoTime(r.created_at)!,
      managers: Number(r.managers),
      seats: Number(r.seats),
      seatsUsed: Number(r.seats_used),
      completions: Number(r.completions),
    })),
  }
}

export async function listOrders(db: Db, query: AdminOrdersQuery, now = new Date()) {
  const parts: SQL[] = []
  if (query.q) {
    const pattern = likePattern(query.q)
    parts.push(sql`(u.name ilike ${pattern} or u.email ilike ${pattern} or coalesce(g.name, o.organisation_name) ilike ${pattern} or o.purchase_order_ref ilike ${pattern} or o.reference ilike ${pattern} or o.billing_email ilike ${pattern} or o.id::text = ${query.q.toLowerCase()})`)
  }
  // "Overdue" is an invoiced order past its due date; "invoiced" is every invoice awaiting payment.
  if (query.status === 'overdue') parts.push(sql`o.status = 'invoiced' and o.invoice_due_at < ${now.toISOString()}::timestamptz`)
  else if (query.status) parts.push(sql`o.status = ${query.status}`)
  if (query.payBy) parts.push(sql`o.pay_by = ${query.payBy}`)
  if (query.kind) parts.push(sql`o.kind = ${query.kind}`)
  const [meta, rows] = await paged<Record<string, unknown>>(db, sql`from orders o join users u on u.id = o.buyer_id left join organisations g on g.id = o.organisation_id ${where(parts)}`,
    sql`select o.id, o.reference, o.pay_by, o.vat_pence, o.invoice_due_at, o.suspended_at, o.status, o.kind, o.quantity, o.total_pence, o.refunded_pence, o.purchase_order_ref, o.created_at, o.paid_at,
      o.organisation_id, coalesce(g.name, o.organisation_name) as organisation_name, u.id as buyer_id, u.name as buyer_name, u.email as buyer_email,
      (select count(*) filter (where s.status = 'available')::int from seats s where s.order_id = o.id) as seats_available,
      (select count(*) filter (where s.status = 'invited')::int from seats s where s.order_id = o.id) as seats_invited,
      (select count(*) filter (where s.status = 'assigned')::int from seats s where s.order_id = o.id) as seats_assigned,
      (select count(*) filter (where s.status = 'revoked')::int from seats s where s.order_id = o.id) as seats_revoked`,
    sql`o.created_at desc, o.id`, query.page, query.pageSize)
  return {
    ...meta,
    orders: rows.map(r => ({
      id: r.id as string,
      reference: r.reference as string,
      payBy: r.pay_by as 'card' | 'invoice',
      vatPence: Number(r.vat_pence),
      invoiceDueAt: isoTime(r.invoice_due_at),
      daysOverdue: r.status === 'invoiced' ? daysOverdue(r.invoice_due_at ? new Date(r.invoice_due_at as string) : null, now) : 0,
      suspended: r.suspended_at !== null && r.suspended_at !== undefined,
      status: r.status as string,
      kind: r.kind as string,
      quantity: Number(r.quantity),
      totalPence: Number(r.total_pence),
      refundedPence: Number(r.refunded_pence),
      purchaseOrderRef: r.purchase_order_ref as string | null,
      createdAt: isoTime(r.created_at)!,
      paidAt: isoTime(r.paid_at),
      organisationId: r.organisation_id as string | null,
      organisationName: r.organisation_name as string | null,
      buyerId: r.buyer_id as string,
      buyerName: r.buyer_name as string,
      buyerEmail: r.buyer_email as string,
      seats: { available: Number(r.seats_available), invited: Number(r.seats_invited), assigned: Number(r.seats_assigned), revoked: Number(r.seats_revoked) },
    })),
  }
}

/** A certificate row as admins see it, wherever it is listed; a replaced certificate counts as superseded first. */
export function certificateSummary(r: Record<string, unknown>) {
  return {
    code: r.code as string,
    learnerName: r.learner_name as string | null,
    completedAt: isoTime(r.completed_at)!,
    issuedAt: isoTime(r.issued_at)!,
    status: r.superseded_at ? 'superseded' : r.revoked_at ? 'revoked' : 'valid',
    revokedReason: r.revoked_reason as string | null,
  }
}

export async function listCertificates(db: Db, query: AdminCertificatesQuery) {
  const parts: SQL[] = []
  if (query.q) {
    const pattern = likePattern(query.q)
    parts.push(sql`(c.learner_name ilike ${pattern} or u.email ilike ${pattern} or c.code ilike ${pattern})`)
  }
  if (query.status === 'valid') parts.push(sql`c.revoked_at is null and c.superseded_at is null`)
  if (query.status === 'revoked') parts.push(sql`c.revoked_at is not null`)
  if (query.status === 'superseded') parts.push(sql`c.superseded_at is not null`)
  const [meta, rows] = await paged<Record<string, unknown>>(db, sql`from certificates c join enrolments e on e.id = c.enrolment_id join users u on u.id = e.user_id ${where(parts)}`,
    sql`select c.code, c.learner_name, c.completed_at, c.issued_at, c.revoked_at, c.revoked_reason, c.superseded_at, u.id as user_id, u.email`,
    sql`c.issued_at desc, c.code`, query.page, query.pageSize)
  return {
    ...meta,
    certificates: rows.map(r => ({ ...certificateSummary(r), userId: r.user_id as string, email: r.email as string })),
  }
}
