import { UNSETTLED_STATUSES } from '#shared/orders'

/** Gaps between checks of an unsettled order: quick at first (webhooks usually land in seconds), then patient. */
const DELAYS_MS = [1000, 2000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 30_000]
const MAX_CHECKS = 60

/**
 * One of the signed-in buyer's orders. With `{ poll: true }` it keeps checking, politely, while the
 * order is pending or processing, pauses while the tab is hidden, and stops once the order settles.
 * A 404 (an unknown order, or someone else's) becomes the not-found page.
 */
/** An order as its buyer's pages receive it, typed by the handler of /api/orders/<id>. */
export type BuyerOrder = NonNullable<Awaited<ReturnType<typeof useOrder>>['order']['value']>

export async function useOrder(orderId: string, options: { poll?: boolean } = {}) {
  const { data: order, error, refresh } = await useFetch(`/api/orders/${encodeURIComponent(orderId)}`, { key: `order-${orderId}` })
  if (error.value?.statusCode === 404 || error.value?.statusCode === 400) {
    throw createError({ statusCode: 404, statusMessage: 'Page not found', fatal: true })
  }
  const gaveUp = ref(false)
  if (options.poll && import.meta.client) {
    let checks = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsettled = () => Boolean(order.value && UNSETTLED_STATUSES.includes(order.value.status))
    const schedule = () => {
      clearTimeout(timer)
      if (!unsettled()) return
      if (checks >= MAX_CHECKS) {
        gaveUp.value = true
        return
      }
      timer = setTimeout(async () => {
        checks++
        if (document.visibilityState === 'visible') await refresh()
        schedule()
      }, DELAYS_MS[Math.min(checks, DELAYS_MS.length - 1)])
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible' && unsettled()) void refresh().then(schedule)
    }
    onMounted(() => {
      document.addEventListener('visibilitychange', onVisible)
      schedule()
    })
    onBeforeUnmount(() => {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
    })
  }
  return { order, error, refresh, gaveUp }
}
