import { cp } from 'node:fs/promises'
import { resolve } from 'node:path'

// Production is the default for a built server; `npm run dev` is development.
// Tests and the benchmark run the built server with NUXT_APP_ENV=test.
const defaultAppEnv = process.env.NODE_ENV === 'production' ? 'production' : 'development'

export default defineNuxtConfig({
  srcDir: '.',
  compatibilityDate: '2026-11-01',
  devtools: { enabled: false },
  telemetry: false,
  modules: ['@nuxt/ui', '@nuxt/content', '@pinia/nuxt', '@nuxt/eslint'],
  css: ['~/assets/css/main.css'],

  app: {
    head: {
      htmlAttrs: { lang: 'en-GB' },
      titleTemplate: '%s · Children Missing from Care',
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },

  // No Google Fonts download (these machines have no internet) and a fixed light theme:
  // contrast is checked for one palette only.
  ui: { fonts: false, colorMode: false },
  icon: {
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true },
    fallbackToApi: false,
  },

  content: {
    experimental: { sqliteConnector: 'native' },
  },

  runtimeConfig: {
    appEnv: defaultAppEnv,
    databaseUrl: '',
    migrationsDir: '',
    pgliteDir: '.data/pglite',
    smtpUrl: '',
    mailFrom: 'Children Missing from Care <no-reply@localhost>',
    public: {
      siteUrl: '',
    },
  },

  eslint: { config: { stylistic: false } },

  typescript: { strict: true },

  hooks: {
    // The built server applies migrations at start, so it needs drizzle/ beside it.
    async 'nitro:build:public-assets'(nitro) {
      await cp(resolve('drizzle'), resolve(nitro.options.output.serverDir, 'drizzle'), { recursive: true })
    },
  },
})
