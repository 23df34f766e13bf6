import postgres from 'postgres'

/** The PostgreSQL server tests use: DATABASE_URL, or the local one every machine of this kind runs. */
export const baseDatabaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

/** The URL of a database on the same server. */
export function databaseUrlFor(name: string) {
  const url = new URL(baseDatabaseUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Creates an empty database for one test run on the same server, and a function that drops it.
 * A fixed `name` (one left over from an interrupted run is replaced) lets another process find it.
 */
export async function createThrowawayDatabase(label: string, fixedName?: string) {
  const name = fixedName ?? `cmfc_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(baseDatabaseUrl, { max: 1, onnotice: () => {} })
  if (fixedName) await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  return {
    url: databaseUrlFor(name),
    async drop() {
      const sql = postgres(baseDatabaseUrl, { max: 1, onnotice: () => {} })
      await sql.unsafe(`drop database if exists "${name}" with (force)`)
      await sql.end()
    },
  }
}
