/**
 * Opens and migrates the database as the server starts, so a broken migration stops the server at once
 * instead of failing the first request. Skipped while prerendering inside `nuxt build`, where an open
 * database would keep the build process alive.
 */
export default defineNitroPlugin(() => {
  if (import.meta.prerender) return
  useDatabase().then(
    database => console.info(`Database ready (${database.kind}).`),
    (error) => {
      console.error('Database migration failed; the server cannot start.', error)
      process.exit(1)
    },
  )
})
