import { organisationLinkOf } from '../../services/organisations'

/** The signed-in user as the pages need them, or null for a visitor. */
export default defineEventHandler(async (event) => {
  const user = event.context.user
  if (!user) return { user: null }
  const organisationPath = await organisationLinkOf(await useDb(), user.id)
  return { user: { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin, organisationPath } }
})
