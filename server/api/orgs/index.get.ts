import { statusCounts } from '../../services/organisations/org-dashboard'
import { listManagedOrganisations } from '../../services/organisations/organisations'

/** The organisations the signed-in user manages, with their seat counts, where their learners are, and their dashboards. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  noStore(event)
  const db = await useDb()
  const course = courseShape(await useCourse(event))
  const organisations = await listManagedOrganisations(db, user.id)
  return {
    organisations: await Promise.all(organisations.map(async org => ({
      ...org,
      learners: await statusCounts(db, org.id, course),
      dashboardPath: `/org/${org.id}`,
    }))),
  }
})
