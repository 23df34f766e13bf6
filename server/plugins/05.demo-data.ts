import { appEnvAllows } from '../domain/platform/app-env'
import { DEMO_ACCOUNTS, seedDemoData } from '../services/demo/demo-seed'

/**
 * Development only: fills a fresh embedded database with demo accounts and an organisation, once the startup
 * plugin (01.database.ts) has opened and migrated it. Kept out of server/utils/db.ts, which only opens the
 * database, so that request code never carries the seed. Never on PostgreSQL, never while prerendering.
 */
export default defineNitroPlugin(() => {
  // Left out of production builds altogether (build/test-tools.ts); the constant says so to the bundler too.
  if (import.meta.prerender || !import.meta.testTools) return
  const config = useRuntimeConfig()
  if (!appEnvAllows.demoData(config.appEnv)) return
  const demoSiteUrl = config.public.siteUrl || `http://localhost:${process.env.PORT || 3000}`
  useDatabase().then(async (database) => {
    if (database.kind !== 'pglite' || !await seedDemoData(database.db, demoSiteUrl)) return
    console.info('\nDemo accounts created on the embedded database (development only):')
    for (const a of DEMO_ACCOUNTS) console.info(`  ${a.role.padEnd(14)} ${a.email}  password: ${a.password}`)
    console.info('The training lead manages "Demoshire County Council" with learners at every stage: see /org.\n')
  }).catch(error => console.error('Demo data could not be created.', error))
})
