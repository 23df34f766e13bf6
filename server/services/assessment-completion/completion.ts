/**
 * Completion has one home (issue 22 item 5): what an enrolment must do to complete (a first completion or a
 * refresher, server/domain/assessment-completion/completion.ts), recording the completion once and issuing its certificate, and
 * starting a refresher, which takes a licence. Progress (a section finished) and the assessment (a pass) call
 * recordCompletionIfDue; neither reaches into the other.
 */
import type { RefresherState } from '#shared/types/refresher'
import { and, eq, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client'
import { assessmentAttempts, enrolments, seats, sectionProgress } from '../../db/schema'
import type { CourseCatalog } from '../../domain/course-progress/catalog'
import { EXPIRING_SOON_DAYS, ukToday } from '../../domain/organisations/compliance'
import { type CompletionRule, completionRule, isCompletionDue, refresherOpen, sectionsLeft } from '../../domain/assessment-completion/completion'
import { DomainError } from '../../domain/platform/errors'
import { writeAudit } from '../platform/audit'
import { issueCertificateForCompletion } from '../certificates/certificates'
import { takeFreeSeat } from '../organisations/org-seats'

/** What recording a completion did: callers switch on `outcome`, nothing is spread into other answers. */
export type CompletionResult =
  | { outcome: 'not_due', sectionsLeft: number, assessmentPassed: boolean }
  | { outcome: 'completed', certificateCode: string }
  | { outcome: 'already_completed' }

/** The rule for an enrolment: a refresher reads the course version of the completion it renews. */
export async function completionRuleOf(db: Db, catalog: CourseCatalog, enrolmentId: string): Promise<CompletionRule> {
  const [row] = await queryRows<{ renews_version: number | null }>(db, sql`
    select r.course_version as renews_version from enrolments e left join enrolments r on r.id = e.refreshes_enrolment_id
    where e.id = ${enrolmentId}::uuid`)
  const renews = row?.renews_version
  return completionRule(catalog.sections, catalog.version, renews === null || renews === undefined ? null : Number(renews))
}

/** The sections the enrolment's rule still waits for before the final assessment opens, by id and title. */
export async function requiredSectionsLeft(db: Db, catalog: CourseCatalog, enrolmentId: string) {
  const rule = await completionRuleOf(db, catalog, enrolmentId)
  const done = await db.select({ id: sectionProgress.sectionId }).from(sectionProgress)
    .where(and(eq(sectionProgress.enrolmentId, enrolmentId), eq(sectionProgress.status, 'completed')))
  const left = sectionsLeft(catalog.sections, rule, done.map(d => d.id)).map(s => ({ id: s.id, title: s.title }))
  return { rule, left }
}

/**
 * Records the enrolment's completion once (the first time its rule holds), with what it stands for: the active
 * minutes credited in each section and the passing assessment score, and issues its certificate in the same
 * transaction. Later calls change nothing.
 */
export function recordCompletionIfDue(db: Db, catalog: CourseCatalog, enrolmentId: string, now: Date, siteUrl: string): Promise<CompletionResult> {
  // Its own transaction (a savepoint inside a caller's): the completion and its certificate are written together
  // or not at all, so a completion is never recorded without its certificate.
  return db.transaction(tx => recordCompletionInTransaction(tx, catalog, enrolmentId, now, siteUrl))
}

async function recordCompletionInTransaction(db: Db, catalog: CourseCatalog, enrolmentId: string, now: Date, siteUrl: string): Promise<CompletionResult> {
  // One query at a time: this runs in a transaction.
  const [enrolment] = await db.select({ completedAt: enrolments.completedAt }).from(enrolments).where(eq(enrolments.id, enrolmentId))
  if (enrolment?.completedAt) return { outcome: 'already_completed' }
  const rule = await completionRuleOf(db, catalog, enrolmentId)
  const sections = await db.select({ sectionId: sectionProgress.sectionId, status: sectionProgress.status, seconds: sectionProgress.activeSeconds })
    .from(sectionProgress).where(eq(sectionProgress.enrolmentId, enrolmentId))
  const [passed] = await db.select({ scorePercent: assessmentAttempts.scorePercent }).from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.enrolmentId, enrolmentId), eq(assessmentAttempts.passed, true))).limit(1)
  const completed = sections.filter(s => s.status === 'completed').map(s => s.sectionId)
  if (!isCompletionDue(rule, completed, Boolean(passed))) {
    return { outcome: 'not_due', sectionsLeft: sectionsLeft(catalog.sections, rule, completed).length, assessmentPassed: Boolean(passed) }
  }
  const minutes = Object.fromEntries(catalog.sections.map(s => [s.id, Math.floor((sections.find(p => p.sectionId === s.id)?.seconds ?? 0) / 60)]))
  const [updated] = await db.update(enrolments).set({ completedAt: now, completionMinutes: minutes, completionScore: passed!.scorePercent })
    .where(and(eq(enrolments.id, enrolmentId), sql`${enrolments.completedAt} is null`)).returning({ id: enrolments.id })
  if (!updated) return { outcome: 'already_completed' }
  const { certificate } = await issueCertificateForCompletion(db, catalog, enrolmentId, now, siteUrl)
  return { outcome: 'completed', certificateCode: certificate.code }
}

/** A learner's latest completion in an organisation, with its expiry and the refresher renewing it, if any. */
interface LatestCompletion {
  enrolment_id: string
  course_version: number
  cycle: number
  completed_at: Date | string
  organisation_id: string
  /** The last day its certificate is current, as issued (certificate-expiry.ts); null: it does not expire. */
  valid_until: string | null
  refresher_id: string | null
  refresher_completed_at: Date | string | null
}

/**
 * The completion a refresher would renew: the learner's latest (by date), while its certificate stands (not
 * revoked, not superseded without a successor) and the learner still holds a first seat of the organisation whose
 * licence it was earned on. The organisation is that licence's, never another organisation the learner also belongs
 * to; the expiry is the one its certificate was issued with (certificate-expiry.ts), as verification reads it.
 * With `organisationId` (a lead's request), only a completion earned in that organisation counts. None when the
 * latest completion was on a licence of the learner's own, or its certificate was revoked.
 */
async function latestCompletion(db: Db, userId: string, organisationId?: string): Promise<LatestCompletion | null> {
  const [row] = await queryRows<LatestCompletion & { certified: boolean, held: boolean }>(db, sql`
    select e.id as enrolment_id, e.course_version, e.cycle, e.completed_at, es.organisation_id,
      to_char(c.valid_until, 'YYYY-MM-DD') as valid_until,
      r.id as refresher_id, r.completed_at as refresher_completed_at,
      (c.id is not null) as certified,
      exists (select 1 from seats s where s.assigned_user_id = e.user_id and s.organisation_id = es.organisation_id
        and s.status = 'assigned' and s.purpose = 'first') as held
    from enrolments e
    left join seats es on es.id = e.seat_id
    left join certificates c on c.enrolment_id = e.id and c.superseded_at is null and c.revoked_at is null
    left join enrolments r on r.refreshes_enrolment_id = e.id
    where e.user_id = ${userId}::uuid and e.completed_at is not null
      ${organisationId ? sql`and es.organisation_id = ${organisationId}::uuid` : sql``}
    order by e.completed_at desc, e.id desc
    limit 1`)
  if (!row || !row.organisation_id || !row.certified || !row.held) return null
  const { certified: _certified, held: _held, ...latest } = row
  return latest
}

export async function refresherState(db: Db, catalog: CourseCatalog, userId: string, now: Date): Promise<RefresherState> {
  const latest = await latestCompletion(db, userId)
  if (!latest) return { state: 'none' }
  const validUntil = latest.valid_until
  if (latest.refresher_id && !latest.refresher_completed_at && validUntil) {
    const { rule, left } = await requiredSectionsLeft(db, catalog, latest.refresher_id)
    if (rule.kind === 'refresher') {
      return { state: 'started', validUntil, expired: ukToday(now) > validUntil, fromVersion: rule.fromVersion, courseVersion: catalog.version, changed: rule.changed, carriedOver: rule.carriedOver, sectionsLeft: left }
    }
  }
  if (!validUntil || !refresherOpen(validUntil, ukToday(now))) return { state: 'not_yet', validUntil }
  return { state: 'open', validUntil, expired: ukToday(now) > validUntil }
}

export type RefresherStart = { outcome: 'started' | 'already_started', enrolmentId: string, seatId: string | null }

/**
 * Starts a refresher for the learner's latest completion: takes one of the organisation's available licences
 * (a seat with purpose `refresher`) and makes a new enrolment in the course's current version; the completed
 * enrolment, its certificate and the learner's first seat are left as they are. Safe to repeat and to race:
 * the completion being renewed is locked first, so a second click or tab waits and finds the refresher the
 * first one made (one licence taken). No licence left: 409 and nothing changes.
 * `by` says who asked, for the refusal's wording and the audit: the learner, or a training lead.
 */
export async function startRefresher(db: Db, catalog: CourseCatalog, input: { userId: string, organisationId?: string, by: 'learner' | 'lead', actorId: string }, now: Date): Promise<RefresherStart> {
  return db.transaction(async (tx) => {
    const latest = await latestCompletion(tx, input.userId, input.organisationId)
    if (!latest) {
      throw input.by === 'lead'
        ? new DomainError('not_found', 'This person has no certificate from your organisation to renew: they have not completed the course here, or their certificate was revoked.')
        : new DomainError('rule', 'A refresher follows a completed course on one of your organisation\'s licences.', { code: 'refresher_not_open' })
    }
    // Serialises every start for this completion: the loser of a race waits here, then finds the winner's refresher.
    await queryRows(tx, sql`select id from enrolments where id = ${latest.enrolment_id}::uuid for update`)
    const [existing] = await queryRows<{ id: string, seat_id: string | null }>(tx, sql`
      select id, seat_id from enrolments where refreshes_enrolment_id = ${latest.enrolment_id}::uuid`)
    if (existing) return { outcome: 'already_started', enrolmentId: existing.id, seatId: existing.seat_id }
    const validUntil = latest.valid_until
    if (!refresherOpen(validUntil, ukToday(now))) {
      throw new DomainError('rule', validUntil
        ? `A refresher opens ${EXPIRING_SOON_DAYS} days before the certificate stops being current.`
        : 'Certificates in this organisation do not expire, so no refresher is needed.', { code: 'refresher_not_open' })
    }
    const freeSeatId = await takeFreeSeat(tx, latest.organisation_id)
    const [seat] = freeSeatId
      ? await tx.update(seats).set({ status: 'assigned', assignedUserId: input.userId, purpose: 'refresher' })
        .where(and(eq(seats.id, freeSeatId), eq(seats.status, 'available'))).returning({ id: seats.id })
      : []
    if (!seat) {
      throw new DomainError('conflict', input.by === 'lead'
        ? 'Your organisation has no licences left, so this refresher cannot start. Buy more licences, then try again.'
        : 'Your organisation has no licences left for a refresher. Ask your training lead to buy more, then try again.', { code: 'no_licences' })
    }
    const [created] = await tx.insert(enrolments).values({
      userId: input.userId,
      courseVersion: catalog.version,
      cycle: Number(latest.cycle) + 1,
      refreshesEnrolmentId: latest.enrolment_id,
      seatId: seat.id,
      startedAt: now,
      lastActiveAt: now,
      timeCreditedUntil: now,
    }).returning({ id: enrolments.id })
    await writeAudit(tx, {
      actorId: input.actorId,
      action: 'refresher.started',
      targetType: 'user',
      targetId: input.userId,
      details: { enrolmentId: created!.id, renews: latest.enrolment_id, seatId: seat.id, organisationId: latest.organisation_id, by: input.by },
    })
    return { outcome: 'started', enrolmentId: created!.id, seatId: seat.id }
  })
}
