/**
 * `npm run bench [-- name...]`: starts the built server (built first when `.output/` is missing) against a throwaway
 * PostgreSQL database, runs each benchmark in scripts/bench/modules (or those whose name contains one of
 * the arguments) and prints one table. A tool for figures, not a test: nothing here passes or fails.
 */
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import postgres from 'postgres'
import { createThrowawayDatabase, startTestPostgres } from '../../tests/support/database'
import { startBuiltServer } from '../../tests/support/server'
import { type BenchRow, bulkLearners, learnerFactory } from './context'
import { benchmarks } from './modules'

const filters = process.argv.slice(2).map(a => a.toLowerCase())
const chosen = benchmarks.filter(b => filters.length === 0 || filters.some(f => b.name.toLowerCase().includes(f)))
if (chosen.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}. There are: ${benchmarks.map(b => b.name).join(', ')}.`)
  process.exit(2)
}

// On a fresh clone there is nothing to measure yet. An existing build is used as it is: rebuild after changes.
if (!existsSync('.output/server/index.mjs')) {
  process.stderr.write('No built server in .output/: running `npm run build` first…\n')
  execSync('npm run build', { stdio: ['ignore', process.stderr, process.stderr] })
}

const postgresServer = await startTestPostgres()
const database = await createThrowawayDatabase(postgresServer.url, 'bench')
const server = await startBuiltServer({ DATABASE_URL: database.url }, '127.0.0.1')
const sql = postgres(database.url, { max: 4, onnotice: () => {} })
const rows: (BenchRow & { benchmark: string })[] = []
try {
  const ctx = { baseUrl: server.url, databaseUrl: database.url, serverPid: server.process.pid!, sql, learner: learnerFactory(server.url, sql), learners: bulkLearners(sql) }
  for (const bench of chosen) {
    process.stderr.write(`running ${bench.name}…\n`)
    const started = performance.now()
    for (const row of await bench.run(ctx)) rows.push({ benchmark: bench.name, ...row })
    process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  }
}
finally {
  await sql.end()
  await server.stop()
  await database.drop()
  await postgresServer.stop()
}

const width = (key: 'benchmark' | 'measure' | 'value') => Math.max(key.length, ...rows.map(r => r[key].length))
const [w1, w2, w3] = [width('benchmark'), width('measure'), width('value')]
const line = (a: string, b: string, c: string) => `| ${a.padEnd(w1)} | ${b.padEnd(w2)} | ${c.padStart(w3)} |`
console.info(`\nOn ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL at ${new URL(database.url).host}\n`)
console.info(line('benchmark', 'measure', 'value'))
console.info(`|${'-'.repeat(w1 + 2)}|${'-'.repeat(w2 + 2)}|${'-'.repeat(w3 + 2)}|`)
for (const r of rows) console.info(line(r.benchmark, r.measure, r.value))
// After a zip of certificates, something of the render pool's (a worker's message port, as in
// scripts/bench/certificate-pdf.ts run alone) can keep Node waiting: everything is closed above, so end here.
process.exit(process.exitCode ?? 0)
