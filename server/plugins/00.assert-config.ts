/**
 * A production server must be able to send its emails to real addresses with working links,
 * so it refuses to start without them rather than fail quietly later.
 */
export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  const config = useRuntimeConfig()
  if (config.appEnv !== 'production') return
  const missing = [
    !config.public.siteUrl && 'NUXT_PUBLIC_SITE_URL (the public https:// address, used in emailed links)',
    !config.smtpUrl && 'NUXT_SMTP_URL (the mail server, e.g. smtps://user:pass@smtp.example.org)',
  ].filter(Boolean)
  if (missing.length) {
    console.error(`Refusing to start in production without:\n  ${missing.join('\n  ')}`)
    process.exit(1)
  }
})
