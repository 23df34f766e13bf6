import { serverNow } from '../../utils/clock'

/** Test mode only: the server's clock now, as the learning-time rules read it. 404 otherwise. */
export default defineApiHandler(() => {
  requireTestClock()
  return { now: serverNow().toISOString() }
})
