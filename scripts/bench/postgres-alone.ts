import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { Db } from '../../server/db/client'
import * as schema from '../../server/db/schema'
import type { CourseCatalog } from '../../server/domain/course-progress/catalog'
import { enrolmentForSeatHolder } from '../../server/services/course-progress/access'
import { applyProgressEvents } from '../../server/services/course-progress/progress'
import { validateSessionToken } from '../../server/services/accounts/sessions'
import type { ProgressEvent } from '#shared/types/progress'

/** The app's own pool per instance (NUXT_DATABASE_POOL_SIZE, 10 unless set). */
export const APP_POOL_SIZE = Number(process.env.NUXT_DATABASE_POOL_SIZE || 10)

/**
 * The database's own limit for position saves: the statements one save issues (session lookup, the seat
 * holder's enrolment, the position's single statement), issued by calling the server's own functions, so
 * they are the same statements by construction, straight to PostgreSQL with postgres.js. As many callers as
 * the load has learners share a pool as large as the app's, as the app's requests do; no HTTP, no h3.
 */
export async function postgresAlone(databaseUrl: string, cookies: string[], courseVersion: number, sectionId: string, seconds: number) {
  const client = postgres(databaseUrl, { max: APP_POOL_SIZE, onnotice: () => {} })
  const db = drizzle(client, { schema }) as unknown as Db
  // Only the section's id is looked at by a position save.
  const catalog = { sections: [{ id: sectionId }] } as unknown as CourseCatalog
  const tokens = cookies.map(c => c.slice(c.indexOf('=') + 1))
  const times: number[] = []
  let n = 0
  const deadline = performance.now() + seconds * 1000
  const caller = async (token: string) => {
    while (performance.now() < deadline) {
      const started = performance.now()
      const session = await validateSessionToken(db, token)
      const enrolment = await enrolmentForSeatHolder(db, session!.user.id, courseVersion, new Date())
      const event = { id: crypto.randomUUID(), at: Date.now(), type: 'position', sectionId, anchor: `part-${n++ % 8}` } as ProgressEvent
      const [outcome] = await applyProgressEvents(db, catalog, enrolment!.id, [event], 'http://localhost:3000', new Date())
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
