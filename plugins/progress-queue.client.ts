/** Runs the save queue for whoever is signed in: each learner's unsent progress is kept apart on this device. */
export default defineNuxtPlugin(() => {
  const session = useSessionStore()
  const queue = useProgressQueueStore()
  watch(() => session.user?.id ?? null, id => queue.start(id), { immediate: true })
})
