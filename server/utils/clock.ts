/**
 * The server's clock for every decision about learning time: active time credited, when a section is done,
 * and the final assessment's retake rules. Everything that decides on time reads `serverNow()`, never
 * `new Date()`, so tests can move this one clock forward (POST /api/test/clock, only when the server runs with
 * NUXT_APP_ENV=test and NUXT_TEST_CLOCK=true; any other server refuses to start with NUXT_TEST_CLOCK set).
 * The offset only ever grows, so time on this clock never runs backwards. It lives in this process only.
 */
let offsetMs = 0

export function serverNow(): Date {
  return new Date(Date.now() + offsetMs)
}

/** Test mode only (the route checks the settings): moves the clock forward by `ms`. */
export function advanceServerClock(ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward.')
  offsetMs += ms
  return serverNow()
}
