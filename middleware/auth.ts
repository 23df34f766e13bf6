/** Sends visitors to sign in before pages that need an account. The server checks again on every request. */
export default defineNuxtRouteMiddleware((to) => {
  const session = useSessionStore()
  if (!session.user) return navigateTo({ path: '/sign-in', query: { next: to.fullPath } })
})
