import { z } from 'zod'
import { advanceServerClock } from '../../utils/clock'

const bodySchema = z.object({
  // Up to 30 days at a time: enough for any rule the course has (retakes, credit), small enough to catch a typo.
  advanceSeconds: z.number({ error: 'advanceSeconds must be a number of seconds.' }).int('advanceSeconds must be whole seconds.').min(0).max(30 * 24 * 3600),
})

/**
 * Test mode only: moves the server's clock (server/utils/clock.ts) forward, so tests can let real time pass
 * for learning-time rules without waiting. 404 unless NUXT_APP_ENV=test and NUXT_TEST_CLOCK=true.
 */
export default defineApiHandler(async (event) => {
  requireTestClock()
  const { advanceSeconds } = await readBodyAs(event, bodySchema)
  return { now: advanceServerClock(advanceSeconds * 1000).toISOString() }
})
