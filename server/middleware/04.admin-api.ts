/**
 * Belt and braces: every /api/admin route is refused here to anyone but a platform admin (401 signed out,
 * 403 otherwise), before its handler runs. Each handler still calls requireAdmin itself.
 */
export default defineEventHandler((event) => {
  if (event.path === '/api/admin' || event.path.startsWith('/api/admin/') || event.path.startsWith('/api/admin?')) requireAdmin(event)
})
