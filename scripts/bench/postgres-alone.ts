import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { Db } from '../../server/db/client'
import * as schema from '../../server/db/schema'
import type { CourseCatalog } from '../../server/domain/course-progress/catalog'
import { saveLonePosition } from '../../server/services/course-progress/progress'
import { validateSessionToken } from '../../server/services/accounts/sessions'
import type { ProgressEvent } from '#shared/types/progress'

/** The app's own pool per instance (NUXT_DATABASE_POOL_SIZE, 10 unless set). */
export const APP_POOL_SIZE = Number(process.env.NUXT_DATABASE_POOL_SIZE || 10)

/**
 * The database's own limit for position saves sent one statement per caller: the statements one save issues
 * on its own, issued by calling the server's own functions, so they are the same statements by construction:
 * the session lookup (`session_lookup`), then the lone position's single statement, which finds the seat
 * holder's enrolment itself (saveLonePosition, as server/api/progress/events.post.ts calls it). Both with
 * `alone`, so never coalesced: under load the app gathers the saves that wait into one statement
 * (server/db/batch.ts), and this stays the one-statement-per-save baseline it is compared with. As many callers
 * as the load has learners share a pool as large as the app's, as the app's requests do; no HTTP, no h3. Every
 * save's time is kept, so the database's own queueing at this concurrency (its p50 and p99) can be set beside
 * the app's.
 */
export async function postgresAlone(databaseUrl: string, cookies: string[], courseVersion: number, sectionId: string, seconds: number) {
  const client = postgres(databaseUrl, { max: APP_POOL_SIZE, onnotice: () => {} })
  const db = drizzle(client, { schema }) as unknown as Db
  // Only the course version and the section's id are looked at by a lone position save.
  const catalog = { version: courseVersion, sections: [{ id: sectionId }] } as unknown as CourseCatalog
  const tokens = cookies.map(c => c.slice(c.indexOf('=') + 1))
  const times: number[] = []
  let n = 0
  const deadline = performance.now() + seconds * 1000
  const caller = async (token: string) => {
    while (performance.now() < deadline) {
      const started = performance.now()
      const session = await validateSessionToken(db, token, new Date(), { alone: true })
      const event = { id: crypto.randomUUID(), at: Date.now(), type: 'position', sectionId, anchor: `part-${n++ % 8}` } as ProgressEvent
      const [outcome] = await saveLonePosition(db, catalog, session!.user.id, [event], new Date(), { alone: true }) ?? []
      if (outcome?.status !== 'applied') throw new Error(`baseline save not applied: ${JSON.stringify(outcome)}`)
      times.push(performance.now() - started)
    }
  }
  const started = performance.now()
  try {
    await Promise.all(tokens.map(caller))
  }
  finally {
    await client.end()
  }
  return { perSecond: times.length / ((performance.now() - started) / 1000), times }
}
