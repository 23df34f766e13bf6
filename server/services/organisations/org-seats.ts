import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { enrolments, memberships, seats, users } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { REMINDER_GAP_MS, releaseDecision } from '../../domain/organisations/seats'
import { writeAudit, writeAudits } from '../platform/audit'
import { queueEmails } from '../platform/mail'

export function notEnoughSeats(organisationName: string, wanted: number, free: number) {
  return new DomainError('conflict', `${organisationName} has ${free === 0 ? 'no free licences' : `only ${free} free ${free === 1 ? 'licence' : 'licences'}`}${wanted > 1 ? `, not ${wanted}` : ''}. Buy more licences, or withdraw an invitation nobody has accepted.`, { code: 'not_enough_seats' })
}

/**
 * The one-a-day rule for reminders, stated once: a seat may be reminded when nobody reminded it in the
 * REMINDER_GAP_MS before `now`. It is the condition of the update that claims a reminder, so two leads, two
 * scheduled rounds or two server instances at the same moment still send one.
 */
export function reminderGapPassed(lastRemindedAt: SQL, now: Date): SQL {
  return sql`(${lastRemindedAt} is null or ${lastRemindedAt} <= ${new Date(now.getTime() - REMINDER_GAP_MS).toISOString()}::timestamptz)`
}

const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map(id => sql`${id}`), sql`, `)}]::uuid[]`
const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map(v => sql`${v}`), sql`, `)}]::text[]`

/**
 * Holds one free seat of the organisation for each email, or none at all. Free seats are taken with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claims never take the same seat and never wait on each other;
 * the conditional update (`status = 'available'`) and the seat checks in the schema back that up.
 * Returns the seat ids in the order of the emails.
 */
export async function holdSeats(tx: Db, organisation: { id: string, name: string }, emails: readonly string[]): Promise<string[]> {
  if (!emails.length) return []
  const free = await tx.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.organisationId, organisation.id), eq(seats.status, 'available')))
    .orderBy(asc(seats.createdAt), asc(seats.orderSeq), asc(seats.id))
    .limit(emails.length).for('update', { skipLocked: true })
  if (free.length < emails.length) throw notEnoughSeats(organisation.name, emails.length, free.length)
  const ids = free.map(f => f.id)
  const held = await queryRows<{ id: string }>(tx, sql`
    update seats set status = 'invited', invited_email = v.email
    from unnest(${uuidArray(ids)}, ${textArray(emails)}) as v(id, email)
    where seats.id = v.id and seats.status = 'available'
    returning seats.id`)
  if (held.length !== emails.length) throw notEnoughSeats(organisation.name, emails.length, held.length)
  return ids
}

/** Takes one free seat for a person directly (an invitation whose seat was refunded); null when none is free. */
export async function takeFreeSeat(tx: Db, organisationId: string): Promise<string | null> {
  const [free] = await tx.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.organisationId, organisationId), eq(seats.status, 'available')))
    .orderBy(asc(seats.createdAt), asc(seats.orderSeq), asc(seats.id))
    .limit(1).for('update', { skipLocked: true })
  return free?.id ?? null
}

/**
 * What a seat forgets about its last holder or invitee whenever it leaves them (freed, suspended, withdrawn):
 * otherwise the next person would inherit their team, due date, reminder history or "stop reminders" link.
 */
export const FORGET_HOLDER = { purpose: 'first', invitedEmail: null, lastRemindedAt: null, teamId: null, dueOn: null, reminderOptOutToken: null, remindersStoppedAt: null } as const

/** Puts a seat back in the pool: nobody holds it or is invited to it. */
export async function freeSeat(tx: Db, seatId: string) {
  await tx.update(seats).set({ status: 'available', assignedUserId: null, ...FORGET_HOLDER })
    .where(and(eq(seats.id, seatId), inArray(seats.status, ['invited', 'assigned'])))
}

/**
 * A training lead takes back a learner's seat, which frees it for someone else and ends the learner's
 * access to the course. Only an unstarted seat can be taken back. The seat's row lock orders this
 * against the learner's first save (server/services/course-progress/access.ts locks the same row while it enrols them),
 * so either the learner started first and keeps the seat, or the seat was freed first and the save is refused.
 */
export async function releaseSeat(db: Db, actorId: string, organisationId: string, seatId: string) {
  return db.transaction(async (tx) => {
    const [seat] = await tx.select({ id: seats.id, status: seats.status, userId: seats.assignedUserId, email: seats.invitedEmail })
      .from(seats).where(and(eq(seats.id, seatId), eq(seats.organisationId, organisationId))).for('update')
    if (!seat) throw new DomainError('not_found', 'There is no such licence in this organisation.')
    const [started] = seat.userId
      ? await tx.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, seat.userId)).limit(1)
      : []
    const decision = releaseDecision({ status: seat.status, learnerStarted: Boolean(started) })
    if (!decision.release) {
      throw decision.reason === 'started'
        ? new DomainError('conflict', 'This learner has started the course, so the licence stays theirs: their progress and certificate depend on it.', { code: 'learner_started' })
        : new DomainError('conflict', 'Nobody holds this licence. To take back an invitation, withdraw it instead.', { code: 'seat_not_held' })
    }
    await freeSeat(tx, seat.id)
    if (seat.userId) {
      await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, seat.userId), eq(memberships.role, 'learner')))
    }
    await writeAudit(tx, { actorId, action: 'seat.released', targetType: 'seat', targetId: seat.id, details: { organisationId, userId: seat.userId, email: seat.email } })
    return { seatId: seat.id }
  })
}

export type ReminderAudience = 'not_started' | 'not_finished'

export interface ReminderContext {
  organisation: { id: string, name: string }
  actor: { id: string, name: string }
  courseVersion: number
  siteUrl: string
  now?: Date
}

/**
 * Reminds learners who hold a seat but have not finished the course (or not started it). The 24-hour
 * gap is claimed in the database with one conditional update, so two leads pressing the button at the
 * same moment, or two server instances, still send one reminder per learner per day.
 */
export async function remindLearners(db: Db, ctx: ReminderContext, target: { seatIds?: readonly string[], audience?: ReminderAudience }) {
  const now = ctx.now ?? new Date()
  if (target.seatIds && !target.seatIds.length) return { reminded: 0, requested: 0 }
  return db.transaction(async (tx) => {
    const reminded = await queryRows<{ id: string, email: string, name: string, started: boolean }>(tx, sql`
      update seats set last_reminded_at = ${now.toISOString()}::timestamptz
      from users u
      where seats.organisation_id = ${ctx.organisation.id}
        and seats.status = 'assigned' and seats.purpose = 'first'
        and u.id = seats.assigned_user_id
        -- The learner used the "stop these reminders" link: no more reminders of either kind.
        and seats.reminders_stopped_at is null
        ${target.seatIds ? sql`and seats.id = any(${uuidArray(target.seatIds)})` : sql``}
        and ${reminderGapPassed(sql`seats.last_reminded_at`, now)}
        -- Completed any version of the course: they are not unfinished (the dashboard shows them completed; a
        -- refresher under way is prompted by the expiry reminders, not these).
        and not exists (select 1 from enrolments e where e.user_id = seats.assigned_user_id and e.completed_at is not null)
        ${target.audience === 'not_started' ? sql`and not exists (select 1 from enrolments e where e.user_id = seats.assigned_user_id)` : sql``}
      returning seats.id, u.email, u.name,
        exists (select 1 from enrolments e where e.user_id = seats.assigned_user_id and e.course_version = ${ctx.courseVersion}) as started`)
    await queueEmails(tx, reminded.map(r => ({
      to: r.email,
      mail: { template: 'learner-reminder', name: r.name, organisationName: ctx.organisation.name, inviterName: ctx.actor.name, started: r.started, courseLink: `${ctx.siteUrl}/course` },
    })))
    await writeAudits(tx, reminded.map(r => ({ actorId: ctx.actor.id, action: 'learner.reminded', targetType: 'seat', targetId: r.id, details: { organisationId: ctx.organisation.id, email: r.email } })))
    return { reminded: reminded.length, requested: target.seatIds?.length ?? null }
  })
}

/** The user ids of an organisation's seat holders among the given emails (normalised). */
export async function seatHoldersByEmail(db: Db, organisationId: string, emails: readonly string[]) {
  if (!emails.length) return new Set<string>()
  const rows = await db.select({ email: users.email, invitedEmail: seats.invitedEmail }).from(seats)
    .leftJoin(users, eq(users.id, seats.assignedUserId))
    .where(and(eq(seats.organisationId, organisationId), eq(seats.status, 'assigned'),
      sql`(${users.email} = any(${textArray(emails)}) or ${seats.invitedEmail} = any(${textArray(emails)}))`))
  return new Set(rows.flatMap(r => [r.email, r.invitedEmail]).filter((e): e is string => Boolean(e)))
}
