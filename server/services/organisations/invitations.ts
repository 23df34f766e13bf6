import { ukDate } from '#shared/dates'
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { BulkResendResult, ResendSkipReason } from '#shared/reminders'
import { emailSchema } from '#shared/types/auth'
import type { Db } from '../../db/client'
import { uniqueViolation } from '../../db/client'
import { invitations, memberships, organisations, seats, users } from '../../db/schema'
import { normaliseEmail } from '../../domain/accounts/accounts'
import { tokenLink } from '../../domain/platform/emails'
import { INVITATION_MAILS_PER_RECIPIENT, MANAGER_INVITATIONS_PER_SENDER, MAX_OPEN_MANAGER_INVITATIONS, RESENDS_PER_SENDER, recipientKey, resendWaitSeconds } from '../../domain/platform/email-limits'
import { DomainError } from '../../domain/platform/errors'
import type { RateLimit } from '../../domain/platform/rate-limit'
import { ukToday } from '../../domain/organisations/compliance'
import { INVITATION_TTL_MS, invitationState, planInvitations, type InvitationCandidate, type InvitationPlan, type MembershipFacts } from '../../domain/organisations/seats'
import { generateRandomToken, hashToken } from '../../domain/platform/tokens'
import { assertPasswordAcceptable, type SignInGuard, verifyAccountPassword } from '../accounts/accounts'
import { writeAudit, writeAudits } from '../platform/audit'
import { queueEmail, queueEmails } from '../platform/mail'
import { freeSeat, holdSeats, seatHoldersByEmail, takeFreeSeat } from './org-seats'
import { addManager, lockOrganisation } from './organisations'
import { placeInvitedSeats } from './teams'
import { hashPassword } from '../accounts/passwords'
import { hitRateLimit } from '../platform/rate-limit'
import { createSession, type SessionUser } from '../accounts/sessions'

type Invitation = typeof invitations.$inferSelect

/** Where invitation links lead: the token travels in the fragment (see tokenLink). */
export const INVITATION_PATH = '/invitation'

const isEmail = (email: string) => emailSchema.safeParse(email).success

const openInvitation = sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`

export interface InvitingContext {
  organisationId: string
  actor: { id: string, name: string }
  siteUrl: string
  now?: Date
}


/**
 * Counts one invitation email against the sender's and the recipient's daily limits, in the caller's transaction
 * (so a refused or failed send counts nothing), or refuses it with 429 (server/domain/platform/email-limits.ts).
 */
async function countInvitationMail(tx: Db, senderLimit: RateLimit, senderId: string, email: string, now: Date) {
  const sender = await hitRateLimit(tx, senderLimit, senderId, now)
  if (!sender.allowed) {
    throw new DomainError('throttled', 'You have sent as many invitations as we allow in one day. Try again tomorrow.', { code: 'sender_limit', retryAfterSeconds: sender.retryAfterSeconds })
  }
  const recipient = await hitRateLimit(tx, INVITATION_MAILS_PER_RECIPIENT, recipientKey(email), now)
  if (!recipient.allowed) {
    throw new DomainError('throttled', `${email} has had as many invitations from us as we send in one day. Try again tomorrow.`, { code: 'recipient_limit', retryAfterSeconds: recipient.retryAfterSeconds })
  }
}

/** What is already true of these people in the organisation, for the preview and for the send. */
async function membershipFacts(db: Db, organisationId: string, emails: readonly string[]): Promise<MembershipFacts> {
  const valid = [...new Set(emails.map(normaliseEmail).filter(isEmail))]
  const invited = valid.length
    ? await db.select({ email: invitations.email }).from(invitations).where(and(
        eq(invitations.organisationId, organisationId),
        eq(invitations.role, 'learner'),
        openInvitation,
        sql`${invitations.email} = any(array[${sql.join(valid.map(e => sql`${e}`), sql`, `)}]::text[])`,
      ))
    : []
  const [free] = await db.select({ n: sql<number>`count(*)::int` }).from(seats)
    .where(and(eq(seats.organisationId, organisationId), eq(seats.status, 'available')))
  return {
    holders: await seatHoldersByEmail(db, organisationId, valid),
    invited: new Set(invited.map(i => i.email)),
    available: free?.n ?? 0,
  }
}

/** Says what would happen to each person in a list, and sends nothing. */
export async function previewInvitations(db: Db, organisationId: string, candidates: readonly InvitationCandidate[], now = new Date()): Promise<InvitationPlan> {
  return planInvitations(candidates, await membershipFacts(db, organisationId, candidates.map(c => c.email)), isEmail, ukToday(now))
}

function rethrowRace(error: unknown): never {
  if (uniqueViolation(error)) {
    throw new DomainError('conflict', 'Someone else changed these invitations at the same moment. Check the list again, then send it.', { code: 'invitation_race' })
  }
  throw error
}

/**
 * Invites a whole list at once, or nobody: in one transaction, under the organisation's row lock, the
 * list is checked again (the seats or members may have changed since the preview), a free seat is held
 * for each person, and each gets an invitation and an email. Any problem rolls all of it back (422 with
 * the fresh preview, or 409 when the seats were taken meanwhile).
 */
export async function inviteLearners(db: Db, ctx: InvitingContext, candidates: readonly InvitationCandidate[]) {
  const now = ctx.now ?? new Date()
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
  try {
    return await db.transaction(async (tx) => {
      const org = await lockOrganisation(tx, ctx.organisationId)
      const plan = planInvitations(candidates, await membershipFacts(tx, org.id, candidates.map(c => c.email)), isEmail, ukToday(now))
      if (plan.problems) {
        throw new DomainError('rule', `${plan.problems} of the ${plan.rows.length} people on this list cannot be invited, so nobody was. Check the list and try again.`, { code: 'invitation_problems', data: { plan } })
      }
      const seatIds = await holdSeats(tx, org, plan.rows.map(r => r.email))
      await placeInvitedSeats(tx, org.id, plan.rows, seatIds, now)
      const sent = plan.rows.map((row, i) => ({ row, seatId: seatIds[i]!, token: generateRandomToken() }))
      const created: { id: string, email: string }[] = []
      for (let i = 0; i < sent.length; i += 500) {
        created.push(...await tx.insert(invitations).values(sent.slice(i, i + 500).map(({ row, seatId, token }) => ({
          organisationId: org.id,
          role: 'learner' as const,
          seatId,
          email: row.email,
          name: row.name,
          tokenHash: hashToken(token),
          invitedBy: ctx.actor.id,
          createdAt: now,
          sentAt: now,
          expiresAt,
        }))).returning({ id: invitations.id, email: invitations.email }))
      }
      await queueEmails(tx, sent.map(({ row, token }) => ({
        to: row.email,
        mail: { template: 'seat-invitation', name: row.name, organisationName: org.name, inviterName: ctx.actor.name, link: tokenLink(ctx.siteUrl, INVITATION_PATH, token), expiresOn: ukDate(expiresAt) },
      })))
      await writeAudits(tx, created.map(c => ({ actorId: ctx.actor.id, action: 'invitation.sent', targetType: 'invitation', targetId: c.id, details: { organisationId: org.id, email: c.email, role: 'learner' } })))
      return { invited: created.length }
    })
  }
  catch (error) {
    rethrowRace(error)
  }
}

/** Invites another training lead. No seat is involved: a co-manager who wants the course is invited as a learner too. */
export async function inviteManager(db: Db, ctx: InvitingContext, input: { email: string, name?: string }) {
  const now = ctx.now ?? new Date()
  const email = normaliseEmail(input.email)
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
  try {
    return await db.transaction(async (tx) => {
      const org = await lockOrganisation(tx, ctx.organisationId)
      const [manager] = await tx.select({ id: users.id }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, org.id), eq(memberships.role, 'manager'), eq(users.email, email)))
      if (manager) throw new DomainError('conflict', `${email} is already a training lead of ${org.name}.`, { code: 'already_manager' })
      const [open] = await tx.select({ n: sql<number>`count(*)::int` }).from(invitations).where(and(
        eq(invitations.organisationId, org.id), eq(invitations.role, 'manager'), openInvitation, sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
      ))
      if ((open?.n ?? 0) >= MAX_OPEN_MANAGER_INVITATIONS) {
        throw new DomainError('rule', `${org.name} already has ${MAX_OPEN_MANAGER_INVITATIONS} open invitations for training leads. Withdraw some, or wait for them to be accepted, before inviting more.`, { code: 'too_many_open_invitations' })
      }
      await countInvitationMail(tx, MANAGER_INVITATIONS_PER_SENDER, ctx.actor.id, email, now)
      const token = generateRandomToken()
      const [created] = await tx.insert(invitations).values({
        organisationId: org.id, role: 'manager', email, name: input.name || null, tokenHash: hashToken(token), invitedBy: ctx.actor.id, createdAt: now, sentAt: now, expiresAt,
      }).onConflictDoNothing().returning({ id: invitations.id })
      if (!created) throw new DomainError('conflict', `${email} has already been invited to help manage ${org.name}. You can send the invitation again from the list.`, { code: 'already_invited' })
      await queueEmail(tx, email, { template: 'manager-invitation', name: input.name || null, organisationName: org.name, inviterName: ctx.actor.name, link: tokenLink(ctx.siteUrl, INVITATION_PATH, token), expiresOn: ukDate(expiresAt) })
      await writeAudit(tx, { actorId: ctx.actor.id, action: 'invitation.sent', targetType: 'invitation', targetId: created.id, details: { organisationId: org.id, email, role: 'manager' } })
      return { invitationId: created.id }
    })
  }
  catch (error) {
    rethrowRace(error)
  }
}

async function lockOpenInvitation(tx: Db, organisationId: string, invitationId: string) {
  const [invitation] = await tx.select().from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, organisationId))).for('update')
  if (!invitation) throw new DomainError('not_found', 'There is no such invitation in this organisation.')
  return invitation
}

/** Whether the invitation's seat is still held for it (a refund may have withdrawn it). */
async function lockHeldSeat(tx: Db, invitation: Invitation) {
  if (!invitation.seatId) return null
  const [seat] = await tx.select({ id: seats.id, status: seats.status, invitedEmail: seats.invitedEmail }).from(seats)
    .where(eq(seats.id, invitation.seatId)).for('update')
  return seat && seat.status === 'invited' && seat.invitedEmail === invitation.email ? seat.id : null
}

/**
 * Sends an invitation again with a new link: the old link stops working at once (only the new token's
 * hash is kept) and the 14 days start again. A learner invitation whose seat a refund withdrew takes
 * another free seat, or fails with 409 when there is none.
 */
export async function resendInvitation(db: Db, ctx: InvitingContext, invitationId: string) {
  const now = ctx.now ?? new Date()
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, ctx.organisationId)
    const invitation = await lockOpenInvitation(tx, org.id, invitationId)
    if (invitation.acceptedAt || invitation.revokedAt) {
      throw new DomainError('conflict', invitation.acceptedAt ? 'This invitation has already been accepted.' : 'This invitation was withdrawn. Invite the person again instead.', { code: 'invitation_closed' })
    }
    const wait = resendWaitSeconds(invitation.sentAt, now)
    if (wait) {
      throw new DomainError('throttled', 'This invitation was sent a few minutes ago. Give it time to arrive (check the junk folder), then send it again if needed.', { code: 'resent_recently', retryAfterSeconds: wait })
    }
    await countInvitationMail(tx, RESENDS_PER_SENDER, ctx.actor.id, invitation.email, now)
    let seatId = invitation.seatId
    if (invitation.role === 'learner' && !(await lockHeldSeat(tx, invitation))) {
      seatId = (await holdSeats(tx, org, [invitation.email]))[0]!
    }
    const token = generateRandomToken()
    await tx.update(invitations).set({ tokenHash: hashToken(token), sentAt: now, expiresAt, seatId }).where(eq(invitations.id, invitation.id))
    const mail = { name: invitation.name, organisationName: org.name, inviterName: ctx.actor.name, link: tokenLink(ctx.siteUrl, INVITATION_PATH, token), expiresOn: ukDate(expiresAt) }
    await queueEmail(tx, invitation.email, invitation.role === 'learner' ? { template: 'seat-invitation', ...mail } : { template: 'manager-invitation', ...mail })
    await writeAudit(tx, { actorId: ctx.actor.id, action: 'invitation.resent', targetType: 'invitation', targetId: invitation.id, details: { organisationId: org.id, email: invitation.email, role: invitation.role } })
    return { invitationId: invitation.id, expiresAt }
  })
}

/** The refusals of resendInvitation that skip one invitation of a bulk resend rather than stop it. */
const SKIPPED_BY_CODE: Record<string, ResendSkipReason> = {
  resent_recently: 'sent_recently',
  recipient_limit: 'recipient_limit',
  not_enough_seats: 'no_seat',
}

/**
 * Sends every open learner invitation of the organisation again (oldest first), each exactly as the row's
 * Resend button would, in a transaction of its own: the spacing between resends and the per-recipient and
 * per-sender daily limits all apply, and an invitation that cannot go is skipped and counted by reason.
 * Once the sender's daily limit is reached, the rest are counted as skipped without trying.
 */
export async function resendOpenInvitations(db: Db, ctx: InvitingContext): Promise<BulkResendResult> {
  const now = ctx.now ?? new Date()
  const open = await db.select({ id: invitations.id, sentAt: invitations.sentAt }).from(invitations)
    .where(and(eq(invitations.organisationId, ctx.organisationId), eq(invitations.role, 'learner'), openInvitation))
    .orderBy(asc(invitations.sentAt), asc(invitations.id))
  const result: BulkResendResult = { sent: 0, skipped: { sent_recently: 0, recipient_limit: 0, sender_limit: 0, no_seat: 0 } }
  for (const [i, invitation] of open.entries()) {
    if (resendWaitSeconds(invitation.sentAt, now)) {
      result.skipped.sent_recently++
      continue
    }
    try {
      await resendInvitation(db, { ...ctx, now }, invitation.id)
      result.sent++
    }
    catch (error) {
      const code = error instanceof DomainError ? error.details.code : undefined
      if (code === 'sender_limit') {
        result.skipped.sender_limit += open.length - i
        break
      }
      // Accepted or withdrawn since the list was read: no longer open, so neither sent nor skipped.
      if (code === 'invitation_closed') continue
      const reason = code ? SKIPPED_BY_CODE[code] : undefined
      if (!reason) throw error
      result.skipped[reason]++
    }
  }
  return result
}

/** Withdraws an invitation nobody has accepted: its link stops working and its seat is free again. */
export async function withdrawInvitation(db: Db, actorId: string, organisationId: string, invitationId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await lockOrganisation(tx, organisationId)
    const invitation = await lockOpenInvitation(tx, organisationId, invitationId)
    if (invitation.acceptedAt) {
      throw new DomainError('conflict', 'This invitation has already been accepted. To take the licence back, remove the learner instead.', { code: 'invitation_accepted' })
    }
    if (invitation.revokedAt) return { invitationId: invitation.id, seatFreed: false }
    const heldSeat = await lockHeldSeat(tx, invitation)
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitation.id))
    if (heldSeat) await freeSeat(tx, heldSeat)
    await writeAudit(tx, { actorId, action: 'invitation.withdrawn', targetType: 'invitation', targetId: invitation.id, details: { organisationId, email: invitation.email, role: invitation.role, seatFreed: Boolean(heldSeat) } })
    return { invitationId: invitation.id, seatFreed: Boolean(heldSeat) }
  })
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/

function notFound() {
  return new DomainError('not_found', 'This invitation link is not valid. Check that you copied the whole link; if you were sent more than one invitation, use the newest email.', { code: 'invitation_not_found' })
}

function assertOpen(invitation: Pick<Invitation, 'expiresAt' | 'acceptedAt' | 'revokedAt'>, now: Date) {
  switch (invitationState(invitation, now)) {
    case 'accepted':
      throw new DomainError('expired', 'This invitation has already been used. Sign in to carry on.', { code: 'invitation_used' })
    case 'revoked':
      throw new DomainError('expired', 'This invitation was withdrawn. Ask your training lead if you still need a place.', { code: 'invitation_withdrawn' })
    case 'expired':
      throw new DomainError('expired', 'This invitation has expired. Ask your training lead to send you a new one.', { code: 'invitation_expired' })
  }
}

async function findByToken(db: Db, token: string) {
  if (!TOKEN_SHAPE.test(token)) return null
  const [row] = await db.select({
    invitation: invitations,
    organisationName: organisations.name,
    inviterName: users.name,
  }).from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)))
  return row ?? null
}

export type AccountMode = 'signed_in' | 'signed_in_as_other' | 'existing_account' | 'new_account'

/** What the invitation page needs to show before the person accepts: for whom, from whom, and how to sign in. */
export async function inspectInvitation(db: Db, token: string, sessionUser: SessionUser | null, now = new Date()) {
  const found = await findByToken(db, token)
  if (!found) throw notFound()
  const { invitation } = found
  assertOpen(invitation, now)
  const [account] = await db.select({ name: users.name }).from(users).where(eq(users.email, invitation.email))
  const mode: AccountMode = sessionUser
    ? (sessionUser.email === invitation.email ? 'signed_in' : 'signed_in_as_other')
    : (account ? 'existing_account' : 'new_account')
  return {
    organisationName: found.organisationName,
    inviterName: found.inviterName,
    role: invitation.role,
    email: invitation.email,
    name: account?.name ?? invitation.name,
    expiresAt: invitation.expiresAt,
    mode,
    signedInAs: sessionUser?.email ?? null,
  }
}

export interface AcceptInput {
  sessionUser: SessionUser | null
  /** Who is trying the password, for the sign-in limits (the same as signing in). */
  guard?: SignInGuard
  name?: string
  password?: string
}

export interface AcceptResult {
  userId: string
  organisationId: string
  role: 'learner' | 'manager'
  /** A new session when the person signed in or up while accepting. */
  session: Awaited<ReturnType<typeof createSession>> | null
  alreadyAccepted: boolean
}

/**
 * Gives the invited person the seat (or the manager role). A seat they already hold in the organisation is
 * kept and the invitation's one freed; an invitation whose seat a refund withdrew takes any free seat.
 */
async function takeInvitedSeat(tx: Db, invitation: Invitation, userId: string, organisationName: string): Promise<string> {
  const heldForInvitation = await lockHeldSeat(tx, invitation)
  const [alreadyHeld] = await tx.select({ id: seats.id }).from(seats)
    .where(and(eq(seats.organisationId, invitation.organisationId), eq(seats.status, 'assigned'), eq(seats.assignedUserId, userId)))
  if (alreadyHeld) {
    if (heldForInvitation) await freeSeat(tx, heldForInvitation)
    return alreadyHeld.id
  }
  const seatId = heldForInvitation ?? await takeFreeSeat(tx, invitation.organisationId)
  if (!seatId) {
    throw new DomainError('conflict', `There is no free licence in ${organisationName} at the moment. Ask your training lead to buy more, then open this link again.`, { code: 'no_seat' })
  }
  const [taken] = await tx.update(seats).set({ status: 'assigned', assignedUserId: userId, invitedEmail: invitation.email, lastRemindedAt: null })
    .where(and(eq(seats.id, seatId), inArray(seats.status, ['available', 'invited']))).returning({ id: seats.id })
  if (!taken) throw new DomainError('conflict', 'That licence was taken at the same moment. Open the link again.', { code: 'seat_race' })
  await tx.insert(memberships).values({ organisationId: invitation.organisationId, userId, role: 'learner' }).onConflictDoNothing()
  return seatId
}

/**
 * Accepts an invitation, signing the person in or up on the way, in one transaction: either they end
 * up with an account, a session and their seat (or manager role), or nothing changes at all. The
 * invitation's row lock makes the same link opened twice at once count once; an account the link
 * creates is verified by the link itself.
 */
export async function acceptInvitation(db: Db, token: string, input: AcceptInput, now = new Date()): Promise<AcceptResult> {
  const found = await findByToken(db, token)
  if (!found) throw notFound()
  const invitedEmail = found.invitation.email

  let userId: string | null = null
  let newAccount: { name: string, passwordHash: string } | null = null
  if (input.sessionUser) {
    if (input.sessionUser.email !== invitedEmail) {
      throw new DomainError('forbidden', `This invitation is for ${invitedEmail}, but you are signed in as ${input.sessionUser.email}. Sign out, then open the link again.`, { code: 'signed_in_as_other' })
    }
    userId = input.sessionUser.id
  }
  else {
    if (found.invitation.acceptedAt || found.invitation.revokedAt || found.invitation.expiresAt <= now) assertOpen(found.invitation, now)
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, invitedEmail))
    if (account) {
      if (!input.password) throw new DomainError('invalid', 'Enter the password of your account to accept.', { code: 'password_required' })
      userId = (await verifyAccountPassword(db, invitedEmail, input.password, now, input.guard)).id
    }
    else {
      if (!input.name || !input.password) throw new DomainError('invalid', 'Enter your name and choose a password to create your account.', { code: 'account_details_required' })
      assertPasswordAcceptable(input.password, invitedEmail)
      newAccount = { name: input.name.trim(), passwordHash: await hashPassword(input.password) }
    }
  }

  return db.transaction(async (tx) => {
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, found.invitation.id)).for('update')
    // Resent meanwhile: the token in hand is no longer this invitation's.
    if (!invitation || invitation.tokenHash !== hashToken(token)) throw notFound()
    if (invitation.acceptedAt && userId && invitation.acceptedUserId === userId) {
      return { userId, organisationId: invitation.organisationId, role: invitation.role, session: input.sessionUser ? null : await createSession(tx, userId, now), alreadyAccepted: true }
    }
    assertOpen(invitation, now)

    if (newAccount) {
      const [created] = await tx.insert(users).values({ email: invitedEmail, name: newAccount.name, passwordHash: newAccount.passwordHash, emailVerifiedAt: now, createdAt: now })
        .onConflictDoNothing({ target: users.email }).returning({ id: users.id })
      if (!created) throw new DomainError('conflict', 'An account with this email address has just been created. Sign in with it to accept.', { code: 'account_exists' })
      userId = created.id
    }
    else if (!input.sessionUser) {
      // Only the invited address received this link: it confirms the address as well as a verification email would.
      await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` }).where(eq(users.id, userId!))
    }
    const acceptedBy = userId!

    let seatId: string | null = null
    if (invitation.role === 'learner') seatId = await takeInvitedSeat(tx, invitation, acceptedBy, found.organisationName)
    else await addManager(tx, invitation.organisationId, acceptedBy)

    await tx.update(invitations).set({ acceptedAt: now, acceptedUserId: acceptedBy, seatId: seatId ?? invitation.seatId })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
    await writeAudit(tx, {
      actorId: acceptedBy,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: invitation.id,
      details: { organisationId: invitation.organisationId, role: invitation.role, seatId, newAccount: Boolean(newAccount) },
    })
    return {
      userId: acceptedBy,
      organisationId: invitation.organisationId,
      role: invitation.role,
      session: input.sessionUser ? null : await createSession(tx, acceptedBy, now),
      alreadyAccepted: false,
    }
  }).catch((error) => {
    if (uniqueViolation(error)) throw new DomainError('conflict', 'You already hold a licence in this organisation.', { code: 'already_member' })
    throw error
  })
}
