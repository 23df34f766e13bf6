/**
 * Runs the save queue for whoever is signed in: each learner's unsent progress is kept apart on this device.
 *
 * The queue starts once Vue has taken over the server's page, not before. What it holds on this device (an
 * answer given offline, then its mark once saved) changes what the player shows, and the server's HTML cannot
 * know it: a first render in the browser that differs from the server's is a hydration mismatch, and Vue then
 * kept the server's unanswered question on screen while the store had already marked it.
 */
export default defineNuxtPlugin((nuxtApp) => {
  const session = useSessionStore()
  const queue = useProgressQueueStore()
  const begin = () => {
    watch(() => session.user?.id ?? null, id => queue.start(id), { immediate: true })
  }
  if (nuxtApp.isHydrating) nuxtApp.hooks.hookOnce('app:suspense:resolve', begin)
  else begin()
})
