import type { Db } from '../db/client'
import { auditLog } from '../db/schema'

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
