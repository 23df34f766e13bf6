import { ActiveTimeCounter } from '#shared/player/active-time'

const INPUTS = ['pointerdown', 'keydown', 'scroll', 'wheel', 'touchstart'] as const

/**
 * Counts active time in a section (page visible, learner recently active) and queues it in 30-second
 * reports; whatever is counted when the page is hidden, left or closed goes with the exit flush.
 */
export function useActiveTime(sectionId: string, enabled: boolean) {
  if (!enabled) return
  const queue = useProgressQueueStore()
  let counter: ActiveTimeCounter | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  let stopExitHook: (() => void) | undefined
  const onInput = () => counter?.input(Date.now())
  const report = (seconds: number) => {
    if (seconds > 0) queue.enqueue({ type: 'time', sectionId, seconds })
  }

  onMounted(() => {
    counter = new ActiveTimeCounter(Date.now())
    INPUTS.forEach(name => window.addEventListener(name, onInput, { passive: true }))
    timer = setInterval(() => report(counter!.tick(Date.now(), document.visibilityState === 'visible')), 1000)
    stopExitHook = queue.onExit(() => report(counter!.take()))
  })
  onBeforeUnmount(() => {
    INPUTS.forEach(name => window.removeEventListener(name, onInput))
    clearInterval(timer)
    stopExitHook?.()
    if (counter) report(counter.take())
  })
}
