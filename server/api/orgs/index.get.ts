import { listManagedOrganisations } from '../../services/organisations'

/** The organisations the signed-in user manages, with their seat counts. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  return { organisations: await listManagedOrganisations(await useDb(), user.id) }
})
