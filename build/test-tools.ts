import { defineNuxtModule } from '@nuxt/kit'

/** The files of the development and test tools: pages and server routes. */
const TEST_TOOL_FILES = [
  'pages/dev/**',
  'pages/checkout/test/**',
  'pages/invoices/test/**',
  'server/api/dev/**',
  'server/api/test/**',
  'server/api/checkout/test/**',
  'server/api/invoices/test/**',
  'server/plugins/05.demo-data.ts',
]

/**
 * The development and test tools: the test checkout and test invoice pages that stand in for Stripe without keys,
 * the /dev/mailbox page, the demo accounts and the /api/test/* routes (clock, reminders). They are built into
 * `npm run dev` and into test builds (`npm run build:test`, which sets INCLUDE_TEST_TOOLS=1; the integration and
 * browser tests run against one) and left out of a plain `npm run build`, so a production server does not carry
 * them at all (tests/build/ checks its output). Each stays gated at run time as well.
 *
 * Left out means: their files are not scanned (Nuxt's `ignore`, which covers pages and server routes), and server
 * code asks the build-time constant `import.meta.testTools` (shared/test-tools.d.ts), so that false lets the bundler
 * drop what it guards (the test payment gateways, the demo seed). `nuxt prepare` and `nuxt typecheck` keep them,
 * so their types are still checked.
 */
export default defineNuxtModule({
  meta: { name: 'test-tools' },
  setup(_options, nuxt) {
    const included = nuxt.options.dev || nuxt.options._prepare || process.env.INCLUDE_TEST_TOOLS === '1'
    if (!included) nuxt.options.ignore.push(...TEST_TOOL_FILES)
    // Through the hook, because Nuxt's fallback type for `nitro` (used when type-checking) does not list `replace`.
    nuxt.hook('nitro:config', (config) => {
      const { replace } = config as { replace?: Record<string, string> }
      Object.assign(config, { replace: { ...replace, 'import.meta.testTools': JSON.stringify(included) } })
    })
  },
})
