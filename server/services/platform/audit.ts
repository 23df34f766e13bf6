import { sql, type SQL } from 'drizzle-orm'
import type { AdminAuditQuery } from '#shared/types/admin'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { auditLog } from '../../db/schema'
import { isoTime } from '../../domain/reports-admin/admin'
import { idsToName, readableAudit, type AuditFacts, type AuditNames } from '../../domain/platform/audit-text'
import { likePattern } from '../../domain/platform/search'
import { paged, where } from './paged-query'

// The audit log: the entries every state change writes (writeAudit) and the admins' view of them (listAuditLog).

export interface AuditEntry {
  actorId: string | null
  action: string
  targetType?: string
  targetId?: string
  details?: Record<string, unknown>
}

const row = (entry: AuditEntry) => ({
  actorId: entry.actorId,
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId,
  details: entry.details ? JSON.stringify(entry.details) : null,
})

export async function writeAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values(row(entry))
}

/** One audit row per item of a batch, in few statements. */
export async function writeAudits(db: Db, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 500) await db.insert(auditLog).values(entries.slice(i, i + 500).map(row))
}

/** The names of the people and organisations a page of entries mentions (see server/domain/platform/audit-text.ts). */
async function namesFor(db: Db, entries: readonly AuditFacts[]): Promise<AuditNames> {
  const { userIds, organisationIds } = idsToName(entries)
  const users = userIds.length
    ? await queryRows<{ id: string, name: string, erased: boolean }>(db, sql`select id, name, erased_at is not null as erased from users where id = any(${`{${userIds.join(',')}}`}::uuid[])`)
    : []
  const orgs = organisationIds.length
    ? await queryRows<{ id: string, name: string }>(db, sql`select id, name from organisations where id = any(${`{${organisationIds.join(',')}}`}::uuid[])`)
    : []
  return {
    users: new Map(users.map(u => [u.id, { name: u.name, erased: Boolean(u.erased) }])),
    organisations: new Map(orgs.map(o => [o.id, o.name])),
  }
}

const ukDay = (day: string) => sql`(${day}::date::timestamp at time zone 'Europe/London')`

/**
 * The audit log for admins, newest first: search (action, target id, details, the actor's name or email),
 * an action or action family ("order" matches order.paid, order.refunded...), who acted (the system for
 * payment events, or people), and a date range in UK days.
 */
export async function listAuditLog(db: Db, query: AdminAuditQuery) {
  const parts: SQL[] = []
  if (query.q) {
    const pattern = likePattern(query.q)
    parts.push(sql`(a.action ilike ${pattern} or a.target_id ilike ${pattern} or a.details ilike ${pattern} or u.name ilike ${pattern} or u.email ilike ${pattern})`)
  }
  if (query.action) parts.push(query.action.includes('.') ? sql`a.action = ${query.action}` : sql`a.action like ${`${query.action}.%`}`)
  if (query.actor === 'system') parts.push(sql`a.actor_id is null`)
  if (query.actor === 'people') parts.push(sql`a.actor_id is not null`)
  if (query.from) parts.push(sql`a.at >= ${ukDay(query.from)}`)
  if (query.to) parts.push(sql`a.at < ${ukDay(query.to)} + interval '1 day'`)
  const from = sql`from audit_log a left join users u on u.id = a.actor_id ${where(parts)}`
  const [page, rows] = await paged<Record<string, unknown>>(db, from,
    sql`select a.id, a.action, a.target_type, a.target_id, a.details, a.at, a.actor_id, u.name as actor_name, u.email as actor_email, u.erased_at is not null as actor_erased`,
    sql`a.at desc, a.id`, query.page, query.pageSize)
  const actions = await queryRows<{ action: string }>(db, sql`select distinct action from audit_log order by action`)
  const facts = rows.map(r => ({ action: r.action as string, targetType: r.target_type as string | null, targetId: r.target_id as string | null, details: r.details as string | null }))
  const names = await namesFor(db, facts)
  return {
    ...page,
    actions: actions.map(a => a.action),
    entries: rows.map((r, i) => ({
      id: r.id as string,
      ...facts[i]!,
      at: isoTime(r.at)!,
      actor: r.actor_id ? { id: r.actor_id as string, name: r.actor_erased ? 'erased user' : r.actor_name as string, email: r.actor_email as string } : null,
      readable: readableAudit(facts[i]!, names),
    })),
  }
}
