import withNuxt from './.nuxt/eslint.config.mjs'

/** Code that runs in the browser (and shared/, which both sides import). */
const CLIENT_FILES = ['app.vue', 'error.vue', 'pages/**', 'components/**', 'composables/**', 'stores/**', 'plugins/**', 'middleware/**', 'layouts/**', 'shared/**']

export default withNuxt(
  {
    // tests/fixtures holds third-party material kept exactly as published.
    ignores: ['drizzle/**', '.data/**', 'tests/fixtures/**'],
  },
  {
    // One API contract: response types flow from the handlers through useFetch/$fetch, and the types both sides
    // share live in shared/types/. Client code reaching into server/ would bundle or couple to server code.
    files: CLIENT_FILES,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/server/**', '**/server', '~~/server/**', '~/server/**'],
          message: 'Client code does not import from server/: put wire types in shared/types/ and let API responses type themselves (no useFetch/$fetch generics).',
        }],
      }],
    },
  },
)
