/** Closes @nuxt/content's query and dump routes to browsers: the course is served only through /api. */
export default defineEventHandler((event) => {
  if (event.path.startsWith('/__nuxt_content/') && !isInternalContentQuery(event)) {
    throw createError({ statusCode: 404, statusMessage: 'Not found' })
  }
})
