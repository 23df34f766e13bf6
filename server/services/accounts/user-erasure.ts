import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { assertErasable, ERASED_NAME, ERASED_PASSWORD_HASH, erasedEmail } from '../../domain/reports-admin/admin'
import { DomainError } from '../../domain/platform/errors'
import { likePattern } from '../../domain/platform/search'
import { writeAudit } from '../platform/audit'

/** Stripe payload fields that carry the buyer's details (the rest, amounts and ids, fulfilment may read again). */
const STRIPE_PERSONAL_FIELDS = ['customer_details', 'customer_email', 'billing_details', 'shipping', 'shipping_details', 'collected_information', 'receipt_email', 'custom_fields', 'customer']

/** CMI elements that hold the learner's own words or a package's free-form store of them (ASVS 5.0 14.2). */
const SCORM_FREE_TEXT = String.raw`^cmi\.(comments|suspend_data|location|core\.lesson_location|interactions\.[0-9]+\.(student_response|learner_response|description)|objectives\.[0-9]+\.description|learner_name|core\.student_name)`

type Swap = [from: string, to: string]

const swapText = (text: string, swaps: Swap[]) => swaps.reduce((t, [from, to]) => (from ? t.split(from).join(to) : t), text)

/** Replaces inside every string of a JSON value (keys and structure untouched). */
function swapJson(value: unknown, swaps: Swap[]): unknown {
  if (typeof value === 'string') return swapText(value, swaps)
  if (Array.isArray(value)) return value.map(v => swapJson(v, swaps))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapJson(v, swaps)]))
  return value
}

const likeAny = (column: SQL, needles: string[]) => sql.join(needles.map(n => sql`${column} like ${likePattern(n)}`), sql` or `)

/**
 * Audit entries and emails that quote the person: their address and name are replaced inside string values.
 * A name is looked for only in entries about them, and in other people's emails only when it is long enough
 * (four characters or more) not to match ordinary words.
 */
async function scrubQuotes(tx: Db, userId: string, swaps: Swap[]) {
  const [[email], [name]] = swaps as [Swap, Swap]
  const audit = await queryRows<{ id: string, details: string }>(tx, sql`select id, details from audit_log
    where details is not null and (${likeAny(sql`details`, [email, userId])} or target_id = ${userId} or actor_id = ${userId})`)
  for (const row of audit) {
    let details: string
    try {
      details = JSON.stringify(swapJson(JSON.parse(row.details), swaps))
    }
    catch {
      details = swapText(row.details, swaps)
    }
    if (details !== row.details) await tx.execute(sql`update audit_log set details = ${details} where id = ${row.id}`)
  }
  const needles = name.trim().length >= 4 ? [email, name] : [email]
  const mails = await queryRows<{ id: string, subject: string, text: string, payload: unknown }>(tx, sql`select id, subject, text, payload from email_outbox
    where ${likeAny(sql`subject`, needles)} or ${likeAny(sql`text`, needles)} or ${likeAny(sql`payload::text`, needles.map(n => JSON.stringify(n).slice(1, -1)))}`)
  const mailSwaps = name.trim().length >= 4 ? swaps : [swaps[0]!]
  for (const mail of mails) {
    await tx.execute(sql`update email_outbox set subject = ${swapText(mail.subject, mailSwaps)}, text = ${swapText(mail.text, mailSwaps)},
      payload = ${JSON.stringify(swapJson(mail.payload, mailSwaps))}::jsonb where id = ${mail.id}`)
  }
}

async function scrubCertificateReasons(tx: Db, userId: string) {
  const rows = await queryRows<{ id: string, details: string }>(tx, sql`select id, details from audit_log
    where target_type = 'certificate' and details is not null
      and target_id in (select c.id::text from certificates c join enrolments e on e.id = c.enrolment_id where e.user_id = ${userId})`)
  for (const row of rows) {
    let details: unknown
    try {
      details = JSON.parse(row.details)
    }
    catch {
      continue
    }
    if (!details || typeof details !== 'object' || !('reason' in details)) continue
    await tx.execute(sql`update audit_log set details = ${JSON.stringify({ ...details, reason: ERASED_REASON })} where id = ${row.id}`)
  }
}

const ERASED_REASON = '[erased with the person it was about]'

/**
 * Erases a person (data protection): their personal data is removed or anonymised in one transaction, while
 * the rows that make the platform's totals (seats, enrolments, completions, assessment attempts, orders) stay,
 * holding no personal data. Their certificates become revoked ("erased") without a name, so checking a code
 * says revoked and names nobody. Erasing an erased account changes nothing.
 *
 * Text elsewhere that quoted the person (the audit log, emails to other people) has their email address and
 * full name replaced; a shorter name that happens to appear inside other words is replaced too, which errs
 * on the side of removing.
 */
export async function eraseUser(db: Db, actorId: string, userId: string, confirmEmail: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [user] = await queryRows<{ email: string, name: string, erased_at: string | null }>(tx, sql`select email, name, erased_at from users where id = ${userId} for update`)
    if (!user) throw new DomainError('not_found', 'There is no such account.')
    if (user.erased_at) return { erased: false, alreadyErased: true }
    if (confirmEmail !== user.email) throw new DomainError('invalid', 'Type the person\'s email address exactly as shown to confirm.', { code: 'confirmation_mismatch' })

    // Lock the organisations they manage before counting their other managers (as leaving does).
    await tx.execute(sql`select id from organisations where id in (select organisation_id from memberships where user_id = ${userId} and role = 'manager') order by id for no key update`)
    const soleManager = await queryRows<{ name: string }>(tx, sql`
      select o.name from memberships m join organisations o on o.id = m.organisation_id
      where m.user_id = ${userId} and m.role = 'manager'
        and not exists (select 1 from memberships m2 join users u2 on u2.id = m2.user_id
          where m2.organisation_id = m.organisation_id and m2.role = 'manager' and m2.user_id <> ${userId} and u2.erased_at is null)
      order by o.name`)
    assertErasable({ actorId, targetId: userId, soleManagerOf: soleManager.map(o => o.name) })

    const email = user.email
    const name = user.name
    const anonymousEmail = erasedEmail(userId)
    const nowIso = now.toISOString()
    const enrolmentsOf = sql`(select id from enrolments where user_id = ${userId})`

    // Certificates: revoked, without the name. A superseded one already holds no name.
    const certificates = await queryRows<{ id: string }>(tx, sql`
      update certificates set learner_name = null,
        revoked_at = coalesce(revoked_at, ${nowIso}::timestamptz), revoked_reason = coalesce(revoked_reason, 'erased')
      where enrolment_id in ${enrolmentsOf} returning id`)

    // Invitations to them: anonymised; open ones withdrawn and their held seats freed.
    const withdrawn = await queryRows<{ seat_id: string | null }>(tx, sql`
      update invitations set revoked_at = ${nowIso}::timestamptz
      where (email = ${email} or accepted_user_id = ${userId}) and accepted_at is null and revoked_at is null returning seat_id`)
    await tx.execute(sql`update invitations set email = ${anonymousEmail}, name = null where email = ${email} or accepted_user_id = ${userId}`)
    await tx.execute(sql`update seats set status = 'available', invited_email = null where status = 'invited' and invited_email = ${email}`)
    // An assigned seat keeps the address it was offered to: theirs.
    await tx.execute(sql`update seats set invited_email = ${anonymousEmail} where assigned_user_id = ${userId} and invited_email is not null`)

    // Private or identifying records with no bearing on totals.
    await tx.execute(sql`delete from reflections where enrolment_id in ${enrolmentsOf}`)
    await tx.execute(sql`delete from sessions where user_id = ${userId}`)
    await tx.execute(sql`delete from email_tokens where user_id = ${userId}`)
    await tx.execute(sql`delete from sign_in_failures where email_key = ${email}`)
    await tx.execute(sql`delete from email_outbox where "to" = ${email}`)
    // SCORM: everything a package lets the learner write in their own words, or that a package may use to store
    // it (comments, suspend data, location, interaction responses and descriptions), goes; scores and statuses stay.
    await tx.execute(sql`update scorm_attempts set cmi = coalesce((select jsonb_object_agg(k, v) from jsonb_each(cmi) as f(k, v) where k !~ ${SCORM_FREE_TEXT}), '{}'::jsonb)
      where registration_id in (select id from scorm_registrations where user_id = ${userId})`)

    // An admin's reason for revoking or reissuing one of their certificates is free text about them, and may hold
    // the name they had before a correction, which nothing else would find: it is replaced.
    await scrubCertificateReasons(tx, userId)

    // Stripe's copies of their checkout: amounts and ids stay (fulfilment reads them), their details go.
    const strip = STRIPE_PERSONAL_FIELDS.reduce((expr, field) => sql`(${expr} #- ${`{data,object,${field}}`}::text[])`, sql`payload`)
    await tx.execute(sql`update stripe_events set payload = ${strip}
      where checkout_session_id in (select stripe_checkout_session_id from orders where buyer_id = ${userId})
         or payment_intent_id in (select stripe_payment_intent_id from orders where buyer_id = ${userId})`)

    // Text that quotes them elsewhere: the audit log and emails to other people.
    await scrubQuotes(tx, userId, [[email, anonymousEmail], [name, ERASED_NAME]])

    await tx.execute(sql`delete from memberships where user_id = ${userId} and role = 'manager'`)
    await tx.execute(sql`update users set email = ${anonymousEmail}, name = ${ERASED_NAME}, password_hash = ${ERASED_PASSWORD_HASH},
      is_admin = false, erased_at = ${nowIso}::timestamptz where id = ${userId}`)
    await writeAudit(tx, {
      actorId,
      action: 'user.erased',
      targetType: 'user',
      targetId: userId,
      details: { certificatesRevoked: certificates.length, invitationsWithdrawn: withdrawn.length },
    })
    return { erased: true, alreadyErased: false }
  })
}
