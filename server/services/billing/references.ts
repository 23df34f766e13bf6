import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { formatReference, referenceYear, type ReferenceKind } from '../../domain/billing/billing'

/**
 * The next reference of a kind (CMC-2026-00042, CMC-Q-2026-00007), taken in the caller's transaction. The
 * counter row is upserted and incremented in one statement, which takes its row lock: concurrent orders queue
 * on it for the rest of their transactions and each gets its own number. A rolled-back order leaves a gap.
 */
export async function nextReference(tx: Db, kind: ReferenceKind, prefix: string, now: Date): Promise<string> {
  const year = referenceYear(now)
  const [row] = await queryRows<{ n: number }>(tx, sql`
    insert into reference_counters (year, kind, last_value) values (${year}, ${kind}, 1)
    on conflict (year, kind) do update set last_value = reference_counters.last_value + 1
    returning last_value as n`)
  return formatReference(prefix, kind, year, Number(row!.n))
}
