import { chaseInvoices } from '../services/billing/invoices'

/**
 * The daily work on invoices, checked every ten minutes: a reminder before the due date, one once overdue,
 * and suspending the free seats of invoices overdue by NUXT_INVOICE_SUSPEND_AFTER_DAYS. Each step is recorded on
 * its order under the row lock, so running it often, or on several servers, does each thing once.
 * Time is the server's clock (serverNow), so tests can move it forward.
 */
export default defineNitroPlugin((nitro) => {
  if (import.meta.prerender) return
  const config = useRuntimeConfig()
  let running = false
  const sweep = async () => {
    if (running) return
    running = true
    try {
      await chaseInvoices(await useDb(), serverNow(), billingSettings().suspendAfterDays, String(config.public.siteUrl ?? '').replace(/\/$/, ''))
    }
    catch (error) {
      console.error('Invoice chaser: round failed; will retry.', error instanceof Error ? error.message : error)
    }
    finally {
      running = false
    }
  }
  const timer = setInterval(sweep, 10 * 60 * 1000)
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
