import { hydrateOnInteraction, hydrateOnVisible } from 'vue'
import type { HydrationStrategy } from 'vue'
import { fieldsShown, showAgain } from './earlyInput'

/**
 * When a server-rendered activity further down a section page takes over (defineAsyncComponent's `hydrate`):
 * as it comes near the screen, or as soon as the learner points at it, focuses into it or presses a key in it,
 * whichever is first. Hydrating every quiz and scenario while the page loads kept a phone's main thread busy
 * for hundreds of milliseconds (Lighthouse's total blocking time) for blocks the learner reaches minutes later.
 * The pointer, focus and key events make it ready before a keyboard or switch user's first action lands: Vue
 * hydrates synchronously, then replays that event on the now-live block. Not `click`, `input` or `change`:
 * replaying a click a checkbox has already acted on would undo it, and hydrating a select as it changes resets
 * it to the block's own (empty) answer. A control is always touched or focused before its value can change.
 */
export const hydrateWhenSeenOrUsed: HydrationStrategy = (hydrate, forEach) => {
  let done = false
  const stops: (() => void)[] = []
  const once = () => {
    if (done) return
    done = true
    for (const stop of stops) stop()
    // Taking over sets the block's controls to its own state. An answer chosen in the server's HTML before the
    // page's scripts ran (a slow phone) goes back in through the block's own handlers, so "Check my answer"
    // marks what the learner sees.
    const shown: ReturnType<typeof fieldsShown> = []
    forEach(root => shown.push(...fieldsShown(root)))
    hydrate()
    showAgain(shown)
  }
  // Listening first: the visibility check calls `once` at once when the block is already on screen, and
  // `once` then removes these listeners.
  const stopUsed = hydrateOnInteraction(['pointerdown', 'focusin', 'keydown'])(once, forEach)
  if (stopUsed) stops.push(stopUsed)
  const stopSeen = hydrateOnVisible({ rootMargin: '200px' })(once, forEach)
  if (stopSeen) stops.push(stopSeen)
  return () => { for (const stop of stops) stop() }
}
