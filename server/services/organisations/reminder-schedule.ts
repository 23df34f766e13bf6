import { ukDate, ukDateOfDay } from '#shared/dates'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { invitations, seats } from '../../db/schema'
import { scheduledReminder, ukToday, type ReminderKind } from '../../domain/organisations/compliance'
import { tokenLink } from '../../domain/platform/emails'
import { INVITATION_TTL_MS } from '../../domain/organisations/seats'
import { generateRandomToken, hashToken } from '../../domain/platform/tokens'
import { standingCompletionSql } from '../certificates/certificate-expiry'
import { writeAudit } from '../platform/audit'
import { queueEmail } from '../platform/mail'
import { INVITATION_PATH } from './invitations'
import { reminderGapPassed } from './org-seats'

/** Where the "stop these reminders" link leads: the token travels in the fragment, as invitation links do. */
export const STOP_REMINDERS_PATH = '/reminders/stop'

interface Candidate {
  seat_id: string
  organisation_id: string
  organisation_name: string
  reminder_days_before: number
  status: 'invited' | 'assigned'
  email: string
  name: string | null
  due_on: string | null
  completed: boolean
  /** The last day the standing certificate is current, as issued (certificate-expiry.ts). */
  expires_on: string | null
  last_reminded_at: Date | string | null
  invitation_id: string | null
}

/**
 * One round of the organisations' automatic reminders (docs/compliance.md): every learner and open
 * invitation whose schedule (scheduledReminder in server/domain/organisations/compliance.ts) says a reminder is due gets
 * one email through the outbox, audited. The one-a-day rule is claimed in the database with the same
 * conditional update as a lead's reminders (server/services/organisations/org-seats.ts, remindLearners), so overlapping
 * rounds, several server instances and a lead pressing "remind" at the same moment still send one a day.
 */
export async function runScheduledReminders(db: Db, ctx: { siteUrl: string, now: Date }) {
  const { now } = ctx
  const today = ukToday(now)
  // A narrow first cut in SQL (a due date within reach, or a completion that can expire); the rule decides.
  const candidates = await queryRows<Candidate>(db, sql`
    select s.id as seat_id, o.id as organisation_id, o.name as organisation_name, o.reminder_days_before,
      s.status, coalesce(u.email, s.invited_email) as email, coalesce(u.name, i.name) as name, to_char(s.due_on, 'YYYY-MM-DD') as due_on,
      (e.completed_at is not null) as completed,
      to_char(e.valid_until, 'YYYY-MM-DD') as expires_on, s.last_reminded_at, i.id as invitation_id
    from seats s
    join organisations o on o.id = s.organisation_id and o.reminders_enabled
    left join users u on u.id = s.assigned_user_id
    -- The latest completion of any version of the course: its certificate, with the expiry it was issued with, is the one that expires.
    left join lateral ${standingCompletionSql(sql`s.assigned_user_id`)} e on true
    left join invitations i on i.seat_id = s.id and i.role = 'learner' and i.accepted_at is null and i.revoked_at is null
    where s.status in ('invited', 'assigned') and s.purpose = 'first'
      and s.reminders_stopped_at is null
      and ${reminderGapPassed(sql`s.last_reminded_at`, now)}
      and (s.status = 'assigned' or i.id is not null)
      and (
        (e.completed_at is null and s.due_on is not null and s.due_on - o.reminder_days_before <= ${today}::date)
        -- A refresher under way is the answer to the expiry reminder: it is not sent again.
        or (e.valid_until is not null and not e.refreshing)
      )
    order by s.id
    limit 5000`)
  let sent = 0
  for (const c of candidates) {
    const kind = scheduledReminder({
      completed: c.completed,
      dueOn: c.due_on,
      expiresOn: c.expires_on,
      lastRemindedAt: c.last_reminded_at ? new Date(c.last_reminded_at) : null,
      stopped: false,
    }, { enabled: true, daysBefore: c.reminder_days_before }, now)
    if (kind && await sendScheduledReminder(db, c, kind, ctx)) sent++
  }
  return { considered: candidates.length, sent }
}

async function sendScheduledReminder(db: Db, c: Candidate, kind: ReminderKind, ctx: { siteUrl: string, now: Date }) {
  const { now } = ctx
  return db.transaction(async (tx) => {
    // The claim: at most one reminder a day, and none once the learner has stopped them.
    const [claimed] = await queryRows<{ token: string }>(tx, sql`
      update seats set last_reminded_at = ${now.toISOString()}::timestamptz,
        reminder_opt_out_token = coalesce(reminder_opt_out_token, ${generateRandomToken()})
      where id = ${c.seat_id} and status = ${c.status} and reminders_stopped_at is null
        and ${reminderGapPassed(sql`last_reminded_at`, now)}
      returning reminder_opt_out_token as token`)
    if (!claimed) return false
    let link = `${ctx.siteUrl.replace(/\/$/, '')}/course`
    let linkExpiresOn: string | null = null
    if (c.status === 'invited' && c.invitation_id) {
      // Only a hash of an invitation's link is kept, so reminding an open invitation sends a new link (as "resend" does).
      const token = generateRandomToken()
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
      await tx.update(invitations).set({ tokenHash: hashToken(token), sentAt: now, expiresAt })
        .where(and(eq(invitations.id, c.invitation_id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      link = tokenLink(ctx.siteUrl, INVITATION_PATH, token)
      linkExpiresOn = ukDate(expiresAt)
    }
    const date = kind === 'expiring' ? c.expires_on! : c.due_on!
    await queueEmail(tx, c.email, {
      template: 'scheduled-reminder',
      name: c.name,
      organisationName: c.organisation_name,
      kind,
      date: ukDateOfDay(date),
      link,
      linkExpiresOn,
      stopLink: tokenLink(ctx.siteUrl, STOP_REMINDERS_PATH, claimed.token),
    })
    await writeAudit(tx, { actorId: null, action: 'learner.reminded', targetType: 'seat', targetId: c.seat_id, details: { organisationId: c.organisation_id, email: c.email, automatic: true, kind } })
    return true
  })
}

/** The learner's "stop these reminders" link: the scheduled reminders stop for this seat, and the lead sees when. */
export async function stopReminders(db: Db, token: string, now: Date) {
  return db.transaction(async (tx) => {
    const [seat] = await tx.update(seats).set({ remindersStoppedAt: sql`coalesce(${seats.remindersStoppedAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(seats.reminderOptOutToken, token))
      .returning({ id: seats.id, organisationId: seats.organisationId, email: sql<string>`coalesce(${seats.invitedEmail}, '')` })
    if (!seat) return { stopped: false }
    await writeAudit(tx, { actorId: null, action: 'reminders.stopped', targetType: 'seat', targetId: seat.id, details: { organisationId: seat.organisationId, email: seat.email } })
    return { stopped: true }
  })
}
