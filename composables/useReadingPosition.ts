import type { Ref } from 'vue'

/** A heading counts as reached once its top is in the upper part of the window. */
const REACHED_AT = 0.35

/**
 * Follows the learner through a section: the `##` heading they have reached (saved, and kept in the
 * address as #anchor so a reload comes back to it) and whether they have reached the end of the content.
 */
export function useReadingPosition(options: {
  sectionId: string
  content: Ref<HTMLElement | null>
  end: Ref<HTMLElement | null>
  canSave: boolean
  alreadyReachedEnd: boolean
}) {
  const queue = useProgressQueueStore()
  const anchor = ref<string | null>(null)
  const reachedEnd = ref(options.alreadyReachedEnd)
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let frame = 0
  let observer: IntersectionObserver | undefined
  let stopExitHook: (() => void) | undefined
  let savedAnchor: string | null = null

  function save() {
    clearTimeout(saveTimer)
    if (!options.canSave || !anchor.value || anchor.value === savedAnchor) return
    savedAnchor = anchor.value
    queue.enqueue({ type: 'position', sectionId: options.sectionId, anchor: anchor.value })
  }

  function measure() {
    frame = 0
    const headings = options.content.value?.querySelectorAll<HTMLElement>('h2[id]') ?? []
    let current: string | null = null
    for (const h of headings) if (h.getBoundingClientRect().top <= window.innerHeight * REACHED_AT) current = h.id
    if (current === anchor.value) return
    anchor.value = current
    if (current) history.replaceState(history.state, '', `#${current}`)
    clearTimeout(saveTimer)
    saveTimer = setTimeout(save, 1000)
  }
  const onScroll = () => {
    frame ||= requestAnimationFrame(measure)
  }

  onMounted(() => {
    window.addEventListener('scroll', onScroll, { passive: true })
    stopExitHook = queue.onExit(save)
    // The page may open at #anchor (a reload or "Continue"): that heading is where the learner is.
    requestAnimationFrame(measure)
    if (options.end.value && !reachedEnd.value) {
      observer = new IntersectionObserver((entries) => {
        if (!entries.some(e => e.isIntersecting) || reachedEnd.value) return
        reachedEnd.value = true
        observer?.disconnect()
        if (options.canSave) queue.enqueue({ type: 'reached-end', sectionId: options.sectionId })
      })
      observer.observe(options.end.value)
    }
  })
  onBeforeUnmount(() => {
    window.removeEventListener('scroll', onScroll)
    cancelAnimationFrame(frame)
    observer?.disconnect()
    stopExitHook?.()
    save()
  })

  return { anchor, reachedEnd }
}
