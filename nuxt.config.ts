import { cp } from 'node:fs/promises'
import { resolve } from 'node:path'
import { guardServerEntry, neededNodeMajor } from './build/node-version-entry'
import { bundleCertificateWorker } from './build/certificate-worker'
import { CERTIFICATE_FONT_FILES } from './server/services/certificates/certificate-fonts'

// The @fontsource families the certificate fonts come from ('noto-sans', …): their files are copied into the server.
const CERTIFICATE_FONT_FAMILIES = [...new Set([...CERTIFICATE_FONT_FILES.regular, ...CERTIFICATE_FONT_FILES.bold].map(file => file.split('/')[0]!))]

// Production is the default for a built server; `npm run dev` is development.
// Tests and the benchmark run the built server with NUXT_APP_ENV=test.
const defaultAppEnv = process.env.NODE_ENV === 'production' ? 'production' : 'development'

export default defineNuxtConfig({
  srcDir: '.',
  compatibilityDate: '2026-11-01',
  devtools: { enabled: false },
  telemetry: false,
  // build/test-tools.ts: the development and test tools only in `npm run dev` and `npm run build:test`, not in a
  // production build. build/site-button-classes.ts reads Nuxt UI's button theme, so it comes after @nuxt/ui.
  // build/third-party-licences.ts: the licence notices of the packages the build ships (docs/deploy.md).
  modules: ['./build/test-tools', '@nuxt/ui', '@nuxt/content', '@pinia/nuxt', '@nuxt/eslint', './build/site-button-classes', './build/third-party-licences'],
  css: ['~/assets/css/main.css'],
  thirdPartyLicences: { alsoShipped: CERTIFICATE_FONT_FAMILIES.map(family => `@fontsource/${family}`) },

  app: {
    head: {
      htmlAttrs: { lang: 'en-GB' },
      titleTemplate: '%s · Children Missing from Care',
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },

  // No Google Fonts download (these machines have no internet) and a fixed light theme:
  // contrast is checked for one palette only.
  // `theme.colors`: the colour names the site's components use ('secondary' is not one), so Nuxt UI makes no
  // classes and colour variables for the others (issue 23, item 1: a smaller stylesheet).
  ui: { fonts: false, colorMode: false, theme: { colors: ['primary', 'success', 'info', 'warning', 'error'] } },
  icon: {
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true },
    fallbackToApi: false,
    // @nuxt/icon's plugin, which sets Iconify up in the browser, is in every page's entry script (about 6 KB
    // compressed) even on pages that show no `UIcon`: the module has no option to leave it out.
  },

  content: {
    experimental: { sqliteConnector: 'native' },
  },
  // Nuxt UI maps these markdown blocks to its own prose components; the course's blocks are ours
  // (components/content/), with the labels, icons and semantics the player needs. Quizzes and scenarios
  // go through wrappers that hydrate them only as they near the screen (utils/hydrateWhenSeenOrUsed.ts).
  mdc: {
    components: { map: { callout: 'Callout', accordion: 'Accordion', quiz: 'QuizWhenSeen', scenario: 'ScenarioWhenSeen' } },
  },
  // @nuxt/content would publish each collection's SQL dump (answer keys included) as a static file.
  // The course is served only through our authenticated API, so those files are never generated.
  nitro: {
    prerender: { ignore: ['/__nuxt_content/'] },
  },

  runtimeConfig: {
    appEnv: defaultAppEnv,
    databaseUrl: '',
    // PostgreSQL pool settings (docs/configuration.md, docs/operations.md "Resilience"): NUXT_DATABASE_POOL_SIZE, NUXT_DATABASE_STATEMENT_TIMEOUT_MS.
    database: {
      poolSize: 10,
      statementTimeoutMs: 30_000,
    },
    migrationsDir: '',
    pgliteDir: '.data/pglite',
    smtpUrl: '',
    mailFrom: 'Children Missing from Care <no-reply@localhost>',
    // Without a secret key (the embedded default) a local test checkout stands in for Stripe's page.
    // apiBase points the SDK at another address (the fake Stripe in tests); empty means api.stripe.com.
    stripe: {
      secretKey: '',
      webhookSecret: '',
      apiBase: '',
    },
    // Council buying (docs/billing.md): the supplier named on quotes and invoices, VAT, order references and
    // how many days after an invoice falls due its unassigned licences are suspended.
    supplierName: 'Children Missing from Care',
    supplierAddress: '',
    supplierCharityNumber: '',
    supplierVatNumber: '',
    vatRatePercent: 0,
    orderReferencePrefix: 'CMC',
    invoiceSuspendAfterDays: 14,
    // Behind a load balancer that appends X-Forwarded-For, set NUXT_TRUST_PROXY=true so limits count real clients.
    trustProxy: false,
    certificateLookupsPerMinute: 30,
    // The certificate's issuer line and signature image (docs/certificates.md): NUXT_CERTIFICATE_ISSUER_NAME,
    // NUXT_CERTIFICATE_SIGNATURE_PATH (a PNG or JPEG file on the server). Both optional.
    certificate: {
      issuerName: '',
      signaturePath: '',
    },
    // NUXT_TEST_CLOCK=true lets tests move the server's clock forward (server/utils/clock.ts, POST /api/test/clock).
    // Honoured only with NUXT_APP_ENV=test; any other server refuses to start with it set.
    testClock: false,
    // Wrong passwords allowed per 15 minutes from one client, and from everyone together (server/domain/accounts/throttle.ts).
    signIn: {
      clientFailures: 10,
      globalFailures: 2000,
    },
    // SCORM package storage and upload limits (docs/scorm.md). NUXT_SCORM_STORAGE=s3 selects the S3 settings.
    scorm: {
      storage: 'local',
      dir: '.data/scorm',
      s3Endpoint: '',
      s3Bucket: '',
      s3Region: 'us-east-1',
      s3AccessKeyId: '',
      s3SecretAccessKey: '',
      s3Prefix: '',
      maxUploadMb: 200,
      maxUnpackedMb: 500,
      maxEntries: 5000,
      // Package files are served from a separate, cookieless origin (docs/scorm.md, "SCORM content origin"):
      // NUXT_SCORM_CONTENT_ORIGIN, e.g. https://scorm.example-content.org; NUXT_SCORM_CONTENT_SECRET signs
      // their addresses (set it when several instances run); a launch's addresses last contentTokenMinutes.
      contentOrigin: '',
      contentSecret: '',
      contentTokenMinutes: 240,
    },
    public: {
      siteUrl: '',
      // Where people report an accessibility problem or ask for another format (the accessibility statement).
      contactEmail: 'accessibility@localhost',
    },
  },

  eslint: { config: { stylistic: false } },

  experimental: {
    // Learners are mostly on phones, often on metered data: load a linked page's code when they reach for
    // the link (hover, focus, touch), not for every link that scrolls into view.
    defaults: { nuxtLink: { prefetchOn: { visibility: false, interaction: true } } },
  },

  typescript: { strict: true },

  // The stylesheet goes into each page's HTML, so the first paint waits for no second request (Lighthouse's
  // slow 4G link pays a round trip for it). See "Measured" in the README. Only the rules a page uses stay
  // inline (server/plugins/03.page-styles.ts); the whole stylesheet follows (plugins/site-styles.client.ts).
  features: { inlineStyles: true },

  hooks: {
    // Scripts, styles and fonts are stored gzip- and brotli-compressed beside the originals and served so to
    // browsers that accept it (the app entry script: 150 KB raw, 50 KB compressed). Set here because
    // Nuxt's fallback type for `nitro` (used when type-checking) does not list Nitro's `compressPublicAssets`.
    'nitro:config'(config) {
      Object.assign(config, { compressPublicAssets: { gzip: true, brotli: true } })
    },
    // The built server applies migrations at start, so it needs drizzle/ beside it.
    async 'nitro:build:public-assets'(nitro) {
      await cp(resolve('drizzle'), resolve(nitro.options.output.serverDir, 'drizzle'), { recursive: true })
      // Certificates are drawn with these font files (server/services/certificates/certificate-fonts.ts finds them there).
      for (const file of [...CERTIFICATE_FONT_FILES.regular, ...CERTIFICATE_FONT_FILES.bold]) {
        const target = resolve(nitro.options.output.serverDir, 'fonts', file)
        await cp(resolve('node_modules/@fontsource', file), target)
      }
      // Each family's licence (SIL Open Font Licence) goes with its fonts, as it asks.
      for (const family of CERTIFICATE_FONT_FAMILIES) {
        await cp(resolve('node_modules/@fontsource', family, 'LICENSE'), resolve(nitro.options.output.serverDir, 'fonts', family, 'LICENSE'))
      }
    },
    // The built server refuses a Node older than package.json's engines.node in one line, before it loads
    // (build/node-version-entry.ts). Only the production server build: not `nuxt dev`, not the prerenderer.
    'nitro:init'(nitro) {
      nitro.hooks.hook('compiled', async () => {
        if (nitro.options.dev || nitro.options.preset !== 'node-server') return
        await guardServerEntry(nitro.options.output.serverDir, await neededNodeMajor(resolve('package.json')))
        // The worker threads that render certificate zips (issue 23, item 4).
        await bundleCertificateWorker(nitro.options.output.serverDir)
      })
    },
  },
})
