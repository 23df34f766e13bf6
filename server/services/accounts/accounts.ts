import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { emailOutbox, emailTokens, signInFailures, users } from '../../db/schema'
import { normaliseEmail, passwordProblems } from '../../domain/accounts/accounts'
import { tokenLink } from '../../domain/platform/emails'
import { DomainError } from '../../domain/platform/errors'
import type { RateLimit } from '../../domain/platform/rate-limit'
import { SIGN_IN_WINDOW_MS, signInClientLimit, signInGlobalLimit, throttleDecision } from '../../domain/accounts/throttle'
import { generateRandomToken, hashToken } from '../../domain/platform/tokens'
import { writeAudit } from '../platform/audit'
import { queueEmail } from '../platform/mail'
import { assertUnderRateLimit, enforceRateLimit, hitRateLimit } from '../platform/rate-limit'
import { hashPassword, verifyPassword } from './passwords'
import { createSession, invalidateUserSessions } from './sessions'

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000
const RESET_TTL_MS = 60 * 60 * 1000
/** A new verification or reset mail is not sent more often than this for one account. */
const RESEND_GAP_MS = 60 * 1000
/** "You already have an account" goes to one address at most this often, however many sign-ups name it. */
const EXISTING_ACCOUNT_MAIL_GAP_MS = 60 * 60 * 1000
/** Sign-ups from one client: each hashes a password (costly) and sends a mail. */
const SIGN_UPS_PER_CLIENT: RateLimit = { scope: 'sign-up-client', limit: 20, windowMs: 60 * 60 * 1000 }

/**
 * Who is guessing, and the limits on wrong passwords from one client and from everyone (server/domain/accounts/throttle.ts).
 * Built from the request by signInGuard (server/utils/abuse.ts); the default counts no client.
 */
export interface SignInGuard {
  clientKey: string | null
  clientLimit: RateLimit
  globalLimit: RateLimit
}

const NO_CLIENT: SignInGuard = { clientKey: null, clientLimit: signInClientLimit(), globalLimit: signInGlobalLimit() }

type TokenPurpose = typeof emailTokens.$inferSelect['purpose']

export function assertPasswordAcceptable(password: string, email: string) {
  const problems = passwordProblems(password, { email })
  if (problems.length) throw new DomainError('invalid', problems.join(' '), { code: 'weak_password' })
}

/** Creates a single-use token for a user, replacing any unused one of the same purpose. */
async function issueToken(db: Db, userId: string, purpose: TokenPurpose, ttlMs: number, now: Date) {
  const token = generateRandomToken()
  await db.delete(emailTokens).where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)))
  await db.insert(emailTokens).values({ purpose, userId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttlMs), createdAt: now })
  return token
}

async function recentlyIssued(db: Db, userId: string, purpose: TokenPurpose, now: Date) {
  const [row] = await db.select({ id: emailTokens.id }).from(emailTokens).where(and(
    eq(emailTokens.userId, userId),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.createdAt, new Date(now.getTime() - RESEND_GAP_MS)),
  ))
  return Boolean(row)
}

/**
 * Registers an account and emails a verification link. An email that is already registered gets a
 * "you already have an account" mail instead, and the caller sees the same answer either way.
 */
/**
 * Opens an account and emails a confirmation link, or tells the owner of an address already registered.
 * Returns the sign-up proof for this browser (see setSignUpCookie): the hash of the link's token, or a random
 * value of the same shape when no link was sent, so the answer never says whether the address was known.
 */
export async function signUp(db: Db, input: { name: string, email: string, password: string }, siteUrl: string, clientKey: string | null = null, now = new Date()): Promise<string> {
  const email = normaliseEmail(input.email)
  assertPasswordAcceptable(input.password, email)
  await enforceRateLimit(db, SIGN_UPS_PER_CLIENT, clientKey, 'Too many new accounts from your network. Wait an hour, then try again.', now)
  const passwordHash = await hashPassword(input.password)
  let proof = hashToken(generateRandomToken())
  await db.transaction(async (tx) => {
    const [created] = await tx.insert(users)
      .values({ email, name: input.name.trim(), passwordHash, createdAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, name: users.name })
    if (created) {
      proof = hashToken(await sendVerificationLink(tx, { id: created.id, name: created.name, email }, siteUrl, now))
      return
    }
    const [existing] = await tx.select({ name: users.name }).from(users).where(eq(users.email, email))
    // Repeated sign-ups with someone's address must not become a way to fill their inbox.
    const [recent] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(and(
      eq(emailOutbox.to, email),
      eq(emailOutbox.template, 'sign-up-existing'),
      gt(emailOutbox.createdAt, new Date(now.getTime() - EXISTING_ACCOUNT_MAIL_GAP_MS)),
    )).limit(1)
    if (recent) return
    await queueEmail(tx, email, {
      template: 'sign-up-existing',
      name: existing?.name ?? 'there',
      signInLink: `${siteUrl}/sign-in`,
      resetLink: `${siteUrl}/forgot-password`,
    })
  })
  return proof
}

/** Uses up a token atomically: two requests with the same token cannot both succeed. */
async function consumeToken(db: Db, token: string, purpose: TokenPurpose, now: Date) {
  const tokenHash = hashToken(token)
  const [used] = await db.update(emailTokens).set({ usedAt: now }).where(and(
    eq(emailTokens.tokenHash, tokenHash),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, now),
  )).returning({ userId: emailTokens.userId })
  if (used) return used.userId
  const [known] = await db.select({ usedAt: emailTokens.usedAt }).from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, purpose)))
  if (!known) throw new DomainError('invalid', 'This link is not valid. Check that you copied the whole link from the email.', { code: 'token_invalid' })
  if (known.usedAt) throw new DomainError('expired', 'This link has already been used.', { code: 'token_used' })
  throw new DomainError('expired', 'This link has expired. Ask for a new one.', { code: 'token_expired' })
}

/**
 * Confirms an email address, and starts a session for its owner only in the browser that signed up
 * (`browserProof`, the sign-up cookie, matches this link's token) and only the first time the address is
 * confirmed: the link proves they read that inbox, the cookie that this browser chose the password. Anywhere
 * else the person signs in with their password, so a link cannot sign anyone into an account that someone
 * else opened (see setSignUpCookie).
 */
export async function verifyEmail(db: Db, token: string, browserProof: string | null = null, now = new Date()) {
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, 'verify_email', now)
    const [confirmed] = await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt))).returning({ id: users.id })
    const sameBrowser = browserProof !== null && browserProof === hashToken(token)
    return { userId, session: confirmed && sameBrowser ? await createSession(tx, userId, now) : null }
  })
}

export type SignInResult =
  | { outcome: 'signed-in', session: Awaited<ReturnType<typeof createSession>>, userId: string }
  | { outcome: 'unverified' }
  | { outcome: 'wrong' }
  | { outcome: 'throttled', retryAfterSeconds: number }

type CredentialCheck =
  | { outcome: 'ok', user: typeof users.$inferSelect }
  | { outcome: 'wrong' }
  | { outcome: 'throttled', retryAfterSeconds: number }

/**
 * Checks a password under a per-email lock, so concurrent guesses cannot slip past the throttle.
 * A failure is recorded in the caller's transaction, which must commit before the caller reports it:
 * against the account (growing delays), the client and everyone (429 once over their limits).
 */
async function checkCredentials(tx: Db, email: string, password: string, now: Date, guard: SignInGuard): Promise<CredentialCheck> {
  await assertUnderRateLimit(tx, guard.clientLimit, guard.clientKey, 'Too many failed sign-ins from your network. Wait 15 minutes, then try again, or reset your password.', now)
  await assertUnderRateLimit(tx, guard.globalLimit, 'all', 'Signing in is paused for a few minutes because of unusual activity. Please try again shortly.', now)
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`)
  const failures = await tx.select({ at: signInFailures.at }).from(signInFailures)
    .where(and(eq(signInFailures.emailKey, email), gt(signInFailures.at, new Date(now.getTime() - SIGN_IN_WINDOW_MS))))
  const decision = throttleDecision(failures.map(f => f.at), now)
  if (!decision.allowed) return { outcome: 'throttled', retryAfterSeconds: decision.retryAfterSeconds }

  const [user] = await tx.select().from(users).where(eq(users.email, email))
  if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
    await tx.insert(signInFailures).values({ emailKey: email, at: now })
    await hitRateLimit(tx, guard.clientLimit, guard.clientKey, now)
    await hitRateLimit(tx, guard.globalLimit, 'all', now)
    return { outcome: 'wrong' }
  }
  await tx.delete(signInFailures).where(eq(signInFailures.emailKey, email))
  return { outcome: 'ok', user }
}

/** Issues an email-confirmation token and queues the mail carrying its link, in the caller's transaction. */
async function sendVerificationLink(tx: Db, user: { id: string, name: string, email: string }, siteUrl: string, now: Date) {
  const token = await issueToken(tx, user.id, 'verify_email', VERIFY_TTL_MS, now)
  await queueEmail(tx, user.email, { template: 'verify-email', name: user.name, link: tokenLink(siteUrl, '/verify-email', token) })
  return token
}

async function attemptSignIn(db: Db, email: string, password: string, siteUrl: string, guard: SignInGuard, now: Date): Promise<SignInResult> {
  return db.transaction(async (tx) => {
    const check = await checkCredentials(tx, email, password, now, guard)
    if (check.outcome !== 'ok') return check
    const { user } = check
    if (!user.emailVerifiedAt) {
      if (!(await recentlyIssued(tx, user.id, 'verify_email', now))) await sendVerificationLink(tx, { id: user.id, name: user.name, email }, siteUrl, now)
      return { outcome: 'unverified' }
    }
    return { outcome: 'signed-in', session: await createSession(tx, user.id, now), userId: user.id }
  })
}

function throttledError(retryAfterSeconds: number) {
  return new DomainError('throttled', 'Too many attempts to sign in to this account. Wait a few minutes, then try again, or reset your password.', { retryAfterSeconds })
}

function wrongCredentialsError() {
  return new DomainError('unauthenticated', 'That email and password do not match an account. Check them and try again.', { code: 'wrong_credentials' })
}

export async function signIn(db: Db, input: { email: string, password: string }, siteUrl: string, guard = NO_CLIENT, now = new Date()) {
  const result = await attemptSignIn(db, normaliseEmail(input.email), input.password, siteUrl, guard, now)
  switch (result.outcome) {
    case 'signed-in':
      return result
    case 'throttled':
      throw throttledError(result.retryAfterSeconds)
    case 'unverified':
      throw new DomainError('forbidden', 'Please confirm your email address first. We have sent you a new link.', { code: 'email_unverified' })
    case 'wrong':
      throw wrongCredentialsError()
  }
}

/**
 * Checks an account's password with the same throttle as signing in (failures are committed at once),
 * for flows that sign a person in as part of something else, such as accepting an invitation.
 */
export async function verifyAccountPassword(db: Db, rawEmail: string, password: string, now = new Date(), guard = NO_CLIENT) {
  const check = await db.transaction(tx => checkCredentials(tx, normaliseEmail(rawEmail), password, now, guard))
  if (check.outcome === 'throttled') throw throttledError(check.retryAfterSeconds)
  if (check.outcome === 'wrong') throw wrongCredentialsError()
  return check.user
}

/**
 * Sends a new email-confirmation link (an admin helping someone whose first mail went astray). The same
 * one-minute gap as sign-in's resend applies, so repeated clicks send one mail. Audited, sent or not.
 */
export async function resendVerificationEmail(db: Db, userId: string, siteUrl: string, actorId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update')
    if (!user) throw new DomainError('not_found', 'There is no such account.')
    if (user.erasedAt) throw new DomainError('conflict', 'This account has been erased.', { code: 'erased' })
    if (user.emailVerifiedAt) throw new DomainError('conflict', 'This email address is already confirmed.', { code: 'already_verified' })
    const sent = !(await recentlyIssued(tx, user.id, 'verify_email', now))
    if (sent) await sendVerificationLink(tx, user, siteUrl, now)
    await writeAudit(tx, { actorId, action: 'user.verification_resent', targetType: 'user', targetId: user.id, details: { sent } })
    return { sent }
  })
}

/** Emails a reset link when the account exists; says nothing either way. */
export async function requestPasswordReset(db: Db, rawEmail: string, siteUrl: string, now = new Date()) {
  const email = normaliseEmail(rawEmail)
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, name: users.name, erasedAt: users.erasedAt }).from(users).where(eq(users.email, email))
    // An erased account has no owner to reset it for.
    if (!user || user.erasedAt || await recentlyIssued(tx, user.id, 'reset_password', now)) return
    const token = await issueToken(tx, user.id, 'reset_password', RESET_TTL_MS, now)
    await queueEmail(tx, email, { template: 'reset-password', name: user.name, link: tokenLink(siteUrl, '/reset-password', token) })
  })
}

/**
 * Sets a new password from an emailed link; ends every session, and counts as proof of the email address.
 * It also clears the account's sign-in failures: whoever was guessing, the owner is back in.
 */
export async function resetPassword(db: Db, input: { token: string, password: string }, now = new Date()) {
  await db.transaction(async (tx) => {
    const userId = await consumeToken(tx, input.token, 'reset_password', now)
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId))
    if (!user) throw new DomainError('not_found', 'This account no longer exists.')
    // Throwing here rolls the transaction back, so the link still works with a better password.
    assertPasswordAcceptable(input.password, user.email)
    await tx.update(users).set({
      passwordHash: await hashPassword(input.password),
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
    }).where(eq(users.id, userId))
    await invalidateUserSessions(tx, userId)
    await tx.delete(signInFailures).where(eq(signInFailures.emailKey, user.email))
    await queueEmail(tx, user.email, { template: 'password-changed', name: user.name })
  })
}

/**
 * Changes the password of a signed-in user and ends their other sessions. The current password is checked
 * under the same throttle as signing in, so a stolen session cannot be used to guess it.
 */
export async function changePassword(db: Db, input: { userId: string, sessionId: string, currentPassword: string, newPassword: string }, guard = NO_CLIENT, now = new Date()) {
  const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId))
  if (!account) throw new DomainError('unauthenticated', 'Please sign in again.')
  const check = await db.transaction(tx => checkCredentials(tx, account.email, input.currentPassword, now, guard))
  if (check.outcome === 'throttled') throw throttledError(check.retryAfterSeconds)
  if (check.outcome === 'wrong') throw new DomainError('invalid', 'Your current password is not right.', { code: 'wrong_current_password' })
  const { user } = check
  assertPasswordAcceptable(input.newPassword, user.email)
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id))
    await invalidateUserSessions(tx, user.id, input.sessionId)
    await queueEmail(tx, user.email, { template: 'password-changed', name: user.name })
  })
}
