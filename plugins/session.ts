/** Loads the signed-in user once per page load (on the server for the first render). */
export default defineNuxtPlugin(async () => {
  const session = useSessionStore()
  if (!session.loaded) await session.refresh()
})
