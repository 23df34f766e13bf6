/** Whether the test clock may be moved: only a test server (NUXT_APP_ENV=test) started with NUXT_TEST_CLOCK=true. */
export function testClockEnabled(): boolean {
  const config = useRuntimeConfig()
  return config.appEnv === 'test' && config.testClock === true
}

/** Routes under /api/test answer 404 anywhere but on a test server with the test clock on. */
export function requireTestClock() {
  if (!testClockEnabled()) throw createError({ statusCode: 404, statusMessage: 'Not found' })
}
