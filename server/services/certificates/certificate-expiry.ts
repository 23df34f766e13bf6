/**
 * A certificate's expiry, stated once (issue 21 review): it is fixed when the certificate is issued, from the
 * certificate period of the organisation whose licence the completion was earned on, and stored on the
 * certificate (certificates.valid_until). Everything that shows or acts on an expiry (verification, the
 * dashboard's statuses and forecast, the reminders, the refresher) reads that stored day, so a learner who
 * earned it in one organisation and holds a seat in another sees one date everywhere, and a lead changing the
 * period later changes the certificates issued after it, never what an issued one already says.
 */
import { eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { enrolments, organisations, seats } from '../../db/schema'
import { expiryOf, ukToday } from '../../domain/organisations/compliance'

/**
 * The last day a certificate issued now for this completion is current: its completion day (UK) plus the period
 * of the organisation whose licence the enrolment used; null when that organisation's certificates do not expire
 * or the completion was on a licence of the learner's own.
 */
export async function validUntilAtIssue(db: Db, enrolmentId: string, completedAt: Date): Promise<string | null> {
  const [row] = await db.select({ months: organisations.certificateMonths }).from(enrolments)
    .innerJoin(seats, eq(seats.id, enrolments.seatId))
    .innerJoin(organisations, eq(organisations.id, seats.organisationId))
    .where(eq(enrolments.id, enrolmentId))
  return expiryOf(ukToday(completedAt), row?.months ?? null)
}

/**
 * A learner's standing completion, as a lateral subquery over `userId`: their latest completion of any version
 * of the course (a completed refresher replaces the one it renewed), the day its current certificate stops
 * being current (`valid_until`, as issued; null when it does not expire), and whether a refresher renewing it
 * is under way (`refreshing`). No row when they have completed nothing. A revoked certificate keeps its date
 * (so the learner still moves on to "expiring soon" and "expired", never "completed" for ever) but gives no
 * code and counts as not certified.
 * Columns: enrolment_id, completed_at, course_version, cycle, seat_id, started_at, last_active_at, completion_score,
 * completion_minutes, valid_until, certificate_code, certified, refresher_id, refresher_completed_at, refreshing.
 * The completion's own columns are here so that a row showing it (the organisation dashboard) need not look the
 * enrolment up a second time.
 */
export function standingCompletionSql(userId: SQL): SQL {
  return sql`(
    select lc.id as enrolment_id, lc.completed_at, lc.course_version, lc.cycle, lc.seat_id,
      lc.started_at, lc.last_active_at, lc.completion_score, lc.completion_minutes,
      cc.valid_until,
      case when cc.revoked_at is null then cc.code end as certificate_code,
      (cc.id is not null and cc.revoked_at is null) as certified,
      rf.id as refresher_id, rf.completed_at as refresher_completed_at,
      (rf.id is not null and rf.completed_at is null) as refreshing
    from (
      select le.id, le.completed_at, le.course_version, le.cycle, le.seat_id,
        le.started_at, le.last_active_at, le.completion_score, le.completion_minutes
      from enrolments le
      where le.user_id = ${userId} and le.completed_at is not null
      order by le.completed_at desc, le.id desc limit 1
    ) lc
    left join certificates cc on cc.enrolment_id = lc.id and cc.superseded_at is null
    left join enrolments rf on rf.refreshes_enrolment_id = lc.id
  )`
}
