import { createTransport } from 'nodemailer'
import { deliverDueEmails, type SendMail } from '../services/platform/outbox'

/**
 * Sends queued emails every few seconds. With NUXT_SMTP_URL they go out over SMTP; without it
 * (development and tests) they are only marked sent, and the dev mailbox page shows them.
 */
export default defineNitroPlugin((nitro) => {
  if (import.meta.prerender) return
  const config = useRuntimeConfig()
  const transport = config.smtpUrl ? createTransport(config.smtpUrl) : null
  const send: SendMail = transport
    ? async mail => void await transport.sendMail({ from: config.mailFrom, ...mail })
    : async () => {}
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await deliverDueEmails(await useDb(), send)
    }
    catch (error) {
      console.error('Email outbox: delivery round failed; will retry.', error instanceof Error ? error.message : error)
    }
    finally {
      running = false
    }
  }, 2000)
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
