import { sql } from 'drizzle-orm'
import { DATABASE_RETRY_AFTER_SECONDS } from '../db/outage'

/** Liveness and database check: a real query, answered within 3 s or reported unavailable. */
export default defineEventHandler(async (event) => {
  let kind: string | undefined
  try {
    const database = await useDatabase()
    kind = database.kind
    await Promise.race([
      database.db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ])
    return { status: 'ok', database: kind }
  }
  catch {
    setResponseStatus(event, 503)
    setHeader(event, 'Retry-After', DATABASE_RETRY_AFTER_SECONDS)
    return { status: 'unavailable', database: kind ?? null, message: 'The database is not answering; the server reconnects by itself once it is back.' }
  }
})
