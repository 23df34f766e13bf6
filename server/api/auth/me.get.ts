/** The signed-in user as the pages need them, or null for a visitor. */
export default defineEventHandler((event) => {
  const user = event.context.user
  if (!user) return { user: null }
  return { user: { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin } }
})
