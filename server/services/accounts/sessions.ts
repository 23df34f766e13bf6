import { eq, and, ne, sql } from 'drizzle-orm'
import { createBatcher } from '../../db/batch'
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

const sessionColumns = {
  id: sessions.id,
  secretHash: sessions.secretHash,
  createdAt: sessions.createdAt,
  lastVerifiedAt: sessions.lastVerifiedAt,
  user: { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, emailVerifiedAt: users.emailVerifiedAt },
}
type SessionRow = { id: string, secretHash: Uint8Array, createdAt: Date, lastVerifiedAt: Date, user: SessionUser }

/**
 * Session lookups that run at once; while that many are running, the next ones wait and go together in one
 * statement (server/db/batch.ts). As for position saves (POSITION_BATCHES in course-progress/progress.ts).
 */
const SESSION_BATCHES = 4

// Every request with a cookie looks its session up.
const sessionLookup = preparedPerDatabase((db: Db) => db.select(sessionColumns)
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(eq(sessions.id, sql.placeholder('id')))
  .prepare('session_lookup'))

// The same lookup for several sessions at once: the same columns, rows and join, by a list of ids.
const sessionsLookup = preparedPerDatabase((db: Db) => db.select(sessionColumns)
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(sql`${sessions.id} = any(${sql.placeholder('ids')}::text[])`)
  .prepare('sessions_lookup'))

/** The session row with this id, if any: the one-id lookup, or the list one under load (server/db/batch.ts). */
const findSession = preparedPerDatabase((db: Db) => createBatcher<string, SessionRow | undefined>({
  concurrency: SESSION_BATCHES,
  maxSize: 100,
  runOne: async id => (await sessionLookup(db).execute({ id }))[0],
  // Each id gets the row whose id is exactly it, or none, as the one-id lookup answers; two requests with the
  // same session id both get its row. Nothing is decided here: validateSessionToken checks each caller's secret.
  run: async (ids) => {
    const rows = await sessionsLookup(db).execute({ ids: [...new Set(ids)] })
    const byId = new Map(rows.map(row => [row.id, row]))
    return ids.map(id => byId.get(id))
  },
}))

/**
 * The session a cookie's token names, if it is live; expired ones are deleted, and activity is recorded at most
 * once per SESSION_TOUCH_MS. `alone`: look it up with its own statement, never with others (the bench's
 * "PostgreSQL alone", scripts/bench/postgres-alone.ts); the answer is the same.
 */
export async function validateSessionToken(db: Db, token: string, now = new Date(), { alone = false } = {}): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token)
  if (!parsed) return null
  const row = alone ? (await sessionLookup(db).execute({ id: parsed.id }))[0] : await findSession(db)(parsed.id)
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
