import { fileURLToPath } from 'node:url'
import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

const alias = { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) }

// The `nuxt` project loads the whole Nuxt app (about 13 s) before any test runs: do that only when it is
// asked for, or when no project is named, so `vitest run --project unit <file>` stays quick.
const namedProjects = process.argv.flatMap((arg, i, all) => arg === '--project' ? [all[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : [])
const wantsNuxt = namedProjects.length === 0 || namedProjects.some(name => name.includes('nuxt') || name.includes('*'))

/**
 * Integration files that must run one at a time, after the others: they move the shared server's clock (which
 * every file's learning-time rules read), count rows across the whole database, compare response times, start
 * servers or PostgreSQL of their own, or load the machine on purpose. Each project has its own server and
 * database (its own global setup), so the two groups never see each other's data. Everything else is keyed by
 * its own users and organisations and runs in parallel.
 */
const serialIntegrationFiles = [
  // The test clock (POST /api/test/clock) moves the one server's time for every file.
  'tests/integration/api/assessment.test.ts',
  'tests/integration/api/assessment-retakes.test.ts',
  'tests/integration/api/learning-time.test.ts',
  'tests/integration/api/progress-events.test.ts',
  // Dates certificates relative to the server's clock: another file moving it would shift expiry.
  'tests/integration/api/refresher.test.ts',
  // Counts or totals across the whole database or the fake Stripe, or jobs run over every organisation.
  'tests/integration/admin/erasure.test.ts',
  'tests/integration/api/admin-reports.test.ts',
  'tests/integration/api/checkout.test.ts',
  'tests/integration/api/invoices.test.ts',
  'tests/integration/api/org-compliance.test.ts',
  'tests/integration/api/org-invitations.test.ts',
  'tests/integration/api/stripe-webhook.test.ts',
  'tests/integration/scorm/*.test.ts',
  'tests/integration/services/scorm-storage.test.ts',
  // Compares how long two requests take (a timing side channel): other files' load would swamp the difference.
  'tests/integration/api/security-hardening.test.ts',
  // Servers, databases or processes of their own, and load on purpose.
  'tests/integration/api/node-version.test.ts',
  'tests/integration/api/production-mode.test.ts',
  'tests/integration/api/security-server.test.ts',
  'tests/integration/api/test-checkout.test.ts',
  'tests/integration/db/migrations.test.ts',
  'tests/integration/faults/*.test.ts',
  'tests/integration/multi-instance.test.ts',
]

const integration = {
  include: ['tests/integration/**/*.test.ts'],
  environment: 'node',
  globalSetup: ['tests/integration/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      // Checks the output of a plain `npm run build` (no test tools in it): run between that build and the test build.
      {
        test: { name: 'production-build', include: ['tests/build/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
      },
      // Client code that needs Nuxt (auto-imports, $fetch, pinia) runs in a Nuxt app in happy-dom, no browser.
      ...wantsNuxt ? [await defineVitestProject({
        test: {
          name: 'nuxt',
          include: ['tests/nuxt/**/*.test.ts'],
          environment: 'nuxt',
          environmentOptions: { nuxt: { domEnvironment: 'happy-dom' } },
        },
      })] : [],
      // Integration files that share nothing but the server run two at a time (a 2-core CI machine); see below.
      {
        resolve: { alias },
        test: {
          ...integration,
          name: 'integration',
          exclude: serialIntegrationFiles,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          ...integration,
          name: 'integration-serial',
          include: serialIntegrationFiles,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
