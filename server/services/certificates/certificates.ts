import { ukDate, ukDateOfDay } from '#shared/dates'
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { generateCertificateCode } from '../../../shared/certificate-code'
import { cpdHoursOf, verificationUrl } from '../../../shared/certificate-format'
import type { Db } from '../../db/client'
import { certificates, enrolments, seats, users } from '../../db/schema'
import type { CourseCatalog } from '../../domain/course-progress/catalog'
import { ukToday } from '../../domain/organisations/compliance'
import { DomainError } from '../../domain/platform/errors'
import { writeAudit } from '../platform/audit'
import { validUntilAtIssue } from './certificate-expiry'
import { queueEmail } from '../platform/mail'

export type Certificate = typeof certificates.$inferSelect

export interface IssueInput {
  enrolmentId: string
  courseTitle: string
  cpdHours: number
  completedAt: Date
}

/** Inserts a certificate unless the enrolment already has a current one; retries the (astronomically rare) code clash. */
async function insertCertificate(db: Db, values: Omit<typeof certificates.$inferInsert, 'code'>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [created] = await db.insert(certificates).values({ ...values, code: generateCertificateCode() })
      .onConflictDoNothing().returning()
    if (created) return { certificate: created, created: true }
    const [current] = await db.select().from(certificates)
      .where(and(eq(certificates.enrolmentId, values.enrolmentId), isNull(certificates.supersededAt)))
    if (current) return { certificate: current, created: false }
  }
  throw new Error('Could not find an unused certificate code')
}

/**
 * Issues the enrolment's certificate, once: call it in the transaction that records the completion, so the
 * certificate and its email exist exactly when the completion does. A second call (a retry, a race) finds
 * the current certificate through the unique index and changes nothing.
 */
export async function issueCertificate(db: Db, input: IssueInput, siteUrl: string) {
  const [learner] = await db.select({ name: users.name, email: users.email }).from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId)).where(eq(enrolments.id, input.enrolmentId))
  if (!learner) throw new Error(`No enrolment ${input.enrolmentId}`)
  const result = await insertCertificate(db, {
    enrolmentId: input.enrolmentId,
    learnerName: learner.name,
    courseTitle: input.courseTitle,
    cpdMinutes: Math.round(input.cpdHours * 60),
    completedAt: input.completedAt,
    issuedAt: input.completedAt,
    validUntil: await validUntilAtIssue(db, input.enrolmentId, input.completedAt),
  })
  if (result.created) await queueIssuedEmail(db, learner, result.certificate, siteUrl, false)
  return result
}

/**
 * Called once by recordCompletionIfDue (services/assessment-completion/completion.ts), inside the transaction that records the completion.
 * `siteUrl` (for the email's links) comes from the request's handler: services do not read the settings.
 */
export function issueCertificateForCompletion(db: Db, catalog: CourseCatalog, enrolmentId: string, completedAt: Date, siteUrl: string) {
  return issueCertificate(db, { enrolmentId, courseTitle: catalog.title, cpdHours: catalog.cpdHours, completedAt }, siteUrl)
}

async function queueIssuedEmail(db: Db, to: { name: string, email: string }, certificate: Certificate, siteUrl: string, reissued: boolean) {
  await queueEmail(db, to.email, {
    template: 'certificate-issued',
    name: to.name,
    courseTitle: certificate.courseTitle,
    code: certificate.code,
    verifyLink: verificationUrl(siteUrl, certificate.code),
    accountLink: `${siteUrl.replace(/\/$/, '')}/account`,
    reissued,
  })
}

/** The details as issued, and the last day the certificate is current (null: it does not expire). */
type IssuedVerification = { code: string, learnerName: string, courseTitle: string, completedAt: string, issuedAt: string, cpdHours: number, validUntil: string | null }

export type Verification =
  // `validity`: "Valid until 5 March 2027." when the certificate has a period, otherwise null.
  | ({ valid: true, status: 'valid', validity: string | null } & IssuedVerification)
  // Genuine, but its period has passed: "was valid until <date>", so nobody mistakes it for revoked or unknown.
  | ({ valid: false, status: 'expired', validUntil: string, validity: string } & Omit<IssuedVerification, 'validUntil'>)
  | { valid: false, code: string, status: 'revoked', revokedAt: string }
  | { valid: false, code: string, status: 'superseded', supersededAt: string }

/** The details a current certificate was issued with. */
function issuedDetails(c: Certificate) {
  return {
    code: c.code,
    learnerName: c.learnerName!,
    courseTitle: c.courseTitle,
    completedAt: c.completedAt.toISOString(),
    issuedAt: c.issuedAt.toISOString(),
    cpdHours: cpdHoursOf(c.cpdMinutes),
  }
}

/**
 * What the public may know about a code: the details as issued, or only that (and when) it stopped counting.
 * After the last day it is current (`validUntil`, fixed at issue: certificate-expiry.ts) it reads as expired.
 */
export function verificationOf(c: Certificate, now = new Date()): Verification {
  const validUntil = c.validUntil
  if (c.supersededAt) return { valid: false, code: c.code, status: 'superseded', supersededAt: c.supersededAt.toISOString() }
  if (c.revokedAt) return { valid: false, code: c.code, status: 'revoked', revokedAt: c.revokedAt.toISOString() }
  if (validUntil && ukToday(now) > validUntil) {
    return { valid: false, status: 'expired', ...issuedDetails(c), validUntil, validity: `This certificate was valid until ${ukDateOfDay(validUntil)}.` }
  }
  return { valid: true, status: 'valid', ...issuedDetails(c), validUntil, validity: validUntil ? `Valid until ${ukDateOfDay(validUntil)}.` : null }
}

export async function findCertificateByCode(db: Db, code: string): Promise<Certificate | null> {
  const [row] = await db.select().from(certificates).where(eq(certificates.code, code))
  return row ?? null
}

export interface CertificateSummary {
  code: string
  learnerName: string
  courseTitle: string
  completedAt: string
  issuedAt: string
  cpdHours: number
  status: 'valid' | 'revoked'
  revokedAt: string | null
}

function summaryOf(c: Certificate): CertificateSummary {
  return {
    ...issuedDetails(c),
    status: c.revokedAt ? 'revoked' : 'valid',
    revokedAt: c.revokedAt?.toISOString() ?? null,
  }
}

/** The learner's own current certificates (a superseded one is replaced by its successor). */
export async function listMyCertificates(db: Db, userId: string): Promise<CertificateSummary[]> {
  const rows = await db.select({ c: certificates }).from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(eq(enrolments.userId, userId), isNull(certificates.supersededAt)))
    .orderBy(asc(certificates.issuedAt))
  return rows.map(r => summaryOf(r.c))
}

/** A current certificate that can still be downloaded; anything else reads as not found or revoked. */
function downloadable(row: Certificate | undefined, notFound: string): Certificate {
  if (!row) throw new DomainError('not_found', notFound, { code: 'unknown' })
  if (row.revokedAt) {
    throw new DomainError('expired', `This certificate was revoked on ${ukDate(row.revokedAt)}, so it can no longer be downloaded.`, { code: 'revoked' })
  }
  return row
}

/** The learner's own certificate by code; someone else's reads exactly like an unknown code. */
export async function certificateOfLearner(db: Db, userId: string, code: string): Promise<Certificate> {
  const [row] = await db.select({ c: certificates }).from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(eq(certificates.code, code), eq(enrolments.userId, userId), isNull(certificates.supersededAt)))
  return downloadable(row?.c, 'You have no certificate with this code.')
}

/**
 * Whether an enrolment's learner belongs to the organisation: the certificate was earned on one of its
 * seats, or the learner holds one of its seats now.
 */
function ofOrganisation(organisationId: string): SQL {
  return sql`exists (select 1 from ${seats} where ${seats.organisationId} = ${organisationId} and (
    ${seats.id} = ${enrolments.seatId}
    or (${seats.assignedUserId} = ${enrolments.userId} and ${seats.status} = 'assigned')))`
}

/** Current certificates of an organisation's learners, for its training leads. Never another organisation's. */
export async function listOrganisationCertificates(db: Db, organisationId: string): Promise<CertificateSummary[]> {
  const rows = await db.select({ c: certificates }).from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(isNull(certificates.supersededAt), ofOrganisation(organisationId)))
    .orderBy(asc(certificates.learnerName), asc(certificates.code))
  return rows.map(r => summaryOf(r.c))
}

export async function certificateOfOrganisation(db: Db, organisationId: string, code: string): Promise<Certificate> {
  const [row] = await db.select({ c: certificates }).from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(eq(certificates.code, code), isNull(certificates.supersededAt), ofOrganisation(organisationId)))
  return downloadable(row?.c, 'None of your organisation\'s learners has a certificate with this code.')
}

/** The organisation's downloadable certificates (current and not revoked), for the zip. */
export async function downloadableOrganisationCertificates(db: Db, organisationId: string): Promise<Certificate[]> {
  const rows = await db.select({ c: certificates }).from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(isNull(certificates.supersededAt), isNull(certificates.revokedAt), ofOrganisation(organisationId)))
    .orderBy(asc(certificates.learnerName), asc(certificates.code))
  return rows.map(r => r.c)
}

/** Locks a certificate for an admin action and explains why it cannot be changed, if it cannot. */
async function lockCurrent(db: Db, code: string): Promise<Certificate> {
  const [row] = await db.select().from(certificates).where(eq(certificates.code, code)).for('update')
  if (!row) throw new DomainError('not_found', 'No certificate has this code.', { code: 'unknown' })
  if (row.supersededAt) throw new DomainError('conflict', 'This certificate has already been replaced by a reissued one.', { code: 'superseded' })
  if (row.revokedAt) throw new DomainError('conflict', 'This certificate is already revoked.', { code: 'revoked' })
  return row
}

/** Revokes a certificate (admins): verification then says revoked, with the date. */
export async function revokeCertificate(db: Db, code: string, reason: string, actorId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockCurrent(tx, code)
    const [revoked] = await tx.update(certificates).set({ revokedAt: now, revokedReason: reason })
      .where(eq(certificates.id, row.id)).returning()
    await writeAudit(tx, { actorId, action: 'certificate.revoked', targetType: 'certificate', targetId: row.id, details: { code, reason } })
    return verificationOf(revoked!)
  })
}

/**
 * Reissues a certificate after a name correction (admins). The learner's name is corrected, the old code
 * becomes superseded and loses the name, and a new code carries the corrected name with the original
 * completion date and course details. The learner is emailed the new code.
 */
export async function reissueCertificate(db: Db, code: string, learnerName: string, reason: string, actorId: string, siteUrl: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const old = await lockCurrent(tx, code)
    const [learner] = await tx.update(users).set({ name: learnerName })
      .where(eq(users.id, sql`(select ${enrolments.userId} from ${enrolments} where ${enrolments.id} = ${old.enrolmentId})`))
      .returning({ email: users.email, name: users.name })
    // The old row stops being current before its successor is inserted (one current per enrolment), and is linked after.
    await tx.update(certificates).set({ supersededAt: now, learnerName: null }).where(eq(certificates.id, old.id))
    const { certificate } = await insertCertificate(tx, {
      enrolmentId: old.enrolmentId,
      learnerName,
      courseTitle: old.courseTitle,
      cpdMinutes: old.cpdMinutes,
      completedAt: old.completedAt,
      issuedAt: now,
      // A name correction is the same certificate under a new code: it keeps the expiry it was issued with.
      validUntil: old.validUntil,
    })
    await tx.update(certificates).set({ supersededById: certificate.id }).where(eq(certificates.id, old.id))
    await writeAudit(tx, {
      actorId,
      action: 'certificate.reissued',
      targetType: 'certificate',
      targetId: certificate.id,
      details: { supersededCode: old.code, code: certificate.code, reason },
    })
    await queueIssuedEmail(tx, learner!, certificate, siteUrl, true)
    return { code: certificate.code, supersededCode: old.code, learnerName }
  })
}
