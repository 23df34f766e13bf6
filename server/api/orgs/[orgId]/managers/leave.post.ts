import { leaveOrganisation } from '../../../../services/organisations'

/** The signed-in training lead stops managing the organisation; the last one cannot leave (409). */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  await leaveOrganisation(await useDb(), orgId, user.id)
  return { left: true }
})
