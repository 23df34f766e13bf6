import { eq, and, ne, sql } from 'drizzle-orm'
import { type Db, preparedPerDatabase } from '../../db/client'
import { sessions, users } from '../../db/schema'
import { judgeSession } from '../../domain/accounts/sessions'
import { newSessionToken, parseSessionToken, sameBytes, sha256Bytes } from '../../domain/platform/tokens'

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name' | 'isAdmin' | 'emailVerifiedAt'>

export interface ValidSession {
  id: string
  createdAt: Date
  lastVerifiedAt: Date
  user: SessionUser
  /** True when the session's activity was just recorded: the cookie's expiry should be renewed. */
  touched: boolean
}

/** A new session, every sign-in: a token presented before sign-in is never kept (no fixation). */
export async function createSession(db: Db, userId: string, now = new Date()) {
  const { id, secret, token } = newSessionToken()
  await db.insert(sessions).values({ id, secretHash: sha256Bytes(secret), userId, createdAt: now, lastVerifiedAt: now })
  return { token, id, createdAt: now, lastVerifiedAt: now }
}

// Every request with a cookie looks its session up.
const sessionLookup = preparedPerDatabase((db: Db) => db
    .select({
      id: sessions.id,
      secretHash: sessions.secretHash,
      createdAt: sessions.createdAt,
      lastVerifiedAt: sessions.lastVerifiedAt,
      user: { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, emailVerifiedAt: users.emailVerifiedAt },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('session_lookup'))

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token)
  if (!parsed) return null
  const [row] = await sessionLookup(db).execute({ id: parsed.id })
  if (!row || !sameBytes(new Uint8Array(row.secretHash), sha256Bytes(parsed.secret))) return null

  const verdict = judgeSession(row, now)
  if (verdict === 'expired') {
    await db.delete(sessions).where(eq(sessions.id, row.id))
    return null
  }
  let lastVerifiedAt = row.lastVerifiedAt
  if (verdict === 'valid-touch') {
    lastVerifiedAt = now
    await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, row.id))
  }
  return { id: row.id, createdAt: row.createdAt, lastVerifiedAt, user: row.user, touched: verdict === 'valid-touch' }
}

export async function invalidateSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

/** Ends every session of a user, or every one but `keepSessionId`. */
export async function invalidateUserSessions(db: Db, userId: string, keepSessionId?: string) {
  await db.delete(sessions).where(keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId))
}
