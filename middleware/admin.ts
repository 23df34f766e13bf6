/** Sends anyone but a platform admin away from admin pages. The server checks again on every request. */
export default defineNuxtRouteMiddleware((to) => {
  const session = useSessionStore()
  if (!session.user) return navigateTo({ path: '/sign-in', query: { next: to.fullPath } })
  if (!session.user.isAdmin) return navigateTo('/account')
})
