import { fileURLToPath } from 'node:url'
import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

const alias = { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) }

// The `nuxt` project loads the whole Nuxt app (about 13 s) before any test runs: do that only when it is
// asked for, or when no project is named, so `vitest run --project unit <file>` stays quick.
const namedProjects = process.argv.flatMap((arg, i, all) => arg === '--project' ? [all[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : [])
const wantsNuxt = namedProjects.length === 0 || namedProjects.some(name => name.includes('nuxt') || name.includes('*'))

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
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
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          // Files share one server and database; run them one at a time so throttling and counts stay predictable.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
