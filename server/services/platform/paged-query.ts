import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { pageInfo } from '../../domain/reports-admin/admin'

// Offset paging for the admin lists and the audit log, in PostgreSQL.

export const where = (parts: SQL[]) => (parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``)

/** Counts the rows of `from`, then reads the asked-for page of them (the last page when asked past the end). */
export async function paged<T>(db: Db, from: SQL, select: SQL, orderBy: SQL, page: number, pageSize: number) {
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from}`)
  const info = pageInfo(Number(count?.n ?? 0), page, pageSize)
  const rows = await queryRows<T>(db, sql`${select} ${from} order by ${orderBy} limit ${info.pageSize} offset ${info.offset}`)
  const { offset: _offset, ...meta } = info
  return [meta, rows] as const
}
