import { leaveOrganisation } from '../../../../services/organisations/organisations'

/** The signed-in training lead stops managing the organisation; the last one cannot leave (409). */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  await leaveOrganisation(await useDb(), orgId, user.id)
  return { left: true }
})
