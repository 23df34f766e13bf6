import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt({
  // tests/fixtures holds third-party material kept exactly as published.
  ignores: ['drizzle/**', '.data/**', 'tests/fixtures/**'],
})
