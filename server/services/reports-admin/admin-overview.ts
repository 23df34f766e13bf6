import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { recentMonths } from '../organisations/org-dashboard'

/** The platform's headline figures for admins. Erased accounts still count: their completions and seats happened. */
export async function adminOverview(db: Db, now = new Date()) {
  const [totals] = await queryRows<Record<string, number | string>>(db, sql`
    select
      (select count(distinct assigned_user_id)::int from seats where status = 'assigned') as learners,
      (select count(*)::int from organisations) as organisations,
      (select count(*)::int from seats where order_id is not null and status <> 'revoked') as seats_sold,
      (select count(*)::int from seats where status = 'assigned') as seats_used,
      (select count(*)::int from enrolments where completed_at is not null) as completions,
      (select coalesce(sum(total_pence - refunded_pence), 0)::bigint from orders where status in ('paid', 'refunded')) as revenue_pence,
      (select coalesce(sum(total_pence + vat_pence), 0)::bigint from orders where status = 'invoiced') as outstanding_pence,
      (select coalesce(sum(total_pence + vat_pence), 0)::bigint from orders where status = 'invoiced' and invoice_due_at < ${now.toISOString()}::timestamptz) as overdue_pence,
      (select count(*)::int from users where erased_at is null) as accounts`)
  const months = recentMonths(now)
  const since = sql`(${`${months[0]}-01`}::date::timestamp at time zone 'Europe/London')`
  const monthOf = (column: SQLText) => sql.raw(`to_char(date_trunc('month', ${column} at time zone 'Europe/London'), 'YYYY-MM')`)
  const completions = await queryRows<{ month: string, n: number }>(db, sql`
    select ${monthOf('completed_at')} as month, count(*)::int as n from enrolments where completed_at >= ${since} group by 1`)
  const sales = await queryRows<{ month: string, orders: number, licences: number, pence: string }>(db, sql`
    select ${monthOf('paid_at')} as month, count(*)::int as orders, sum(quantity)::int as licences, sum(total_pence - refunded_pence)::bigint as pence
    from orders where status in ('paid', 'refunded') and paid_at >= ${since} group by 1`)
  const completionsBy = new Map(completions.map(r => [r.month, Number(r.n)]))
  const salesBy = new Map(sales.map(r => [r.month, r]))
  return {
    learners: Number(totals!.learners),
    organisations: Number(totals!.organisations),
    accounts: Number(totals!.accounts),
    seatsSold: Number(totals!.seats_sold),
    seatsUsed: Number(totals!.seats_used),
    completions: Number(totals!.completions),
    revenuePence: Number(totals!.revenue_pence),
    /** Money owed on invoices awaiting payment, and the part of it past its due date (VAT included). */
    outstandingPence: Number(totals!.outstanding_pence),
    overduePence: Number(totals!.overdue_pence),
    months: months.map(month => ({
      month,
      completions: completionsBy.get(month) ?? 0,
      orders: Number(salesBy.get(month)?.orders ?? 0),
      licencesSold: Number(salesBy.get(month)?.licences ?? 0),
      revenuePence: Number(salesBy.get(month)?.pence ?? 0),
    })),
  }
}

/** A column name written by this module (never user input). */
type SQLText = 'completed_at' | 'paid_at'
