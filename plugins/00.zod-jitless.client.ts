import { config } from 'zod'

/**
 * Zod compiles object schemas with `new Function` when it may, and probes for that by trying it once. The
 * Content-Security-Policy (server/domain/platform/security-headers.ts) allows no eval, so in the browser the probe would be
 * refused and reported as a violation on every page with a form. Forms here are small: the interpreted path is
 * plenty. Set before any schema is built (this plugin is imported first); the server keeps the compiled path.
 */
config({ jitless: true })

export default defineNuxtPlugin(() => {})
