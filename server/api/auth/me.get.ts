import { learnerNav } from '../../services/course-progress/learner-nav'

/** The signed-in user as the pages need them, or null for a visitor. */
export default defineEventHandler(async (event) => {
  const user = event.context.user
  if (!user) return { user: null }
  const nav = await learnerNav(await useDb(), user)
  return { user: { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin, ...nav } }
})
