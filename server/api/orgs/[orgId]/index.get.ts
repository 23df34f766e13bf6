import { eq } from 'drizzle-orm'
import { organisations } from '../../../db/schema'
import { dashboardSummary } from '../../../services/org-dashboard'
import { managersOf } from '../../../services/organisations'

/** The dashboard's header: the organisation, its seats, where its learners are, completions over time, its training leads. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  noStore(event)
  const db = await useDb()
  const course = courseShape(await useCourse(event))
  const [[org], summary, managers] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)),
    dashboardSummary(db, orgId, course),
    managersOf(db, orgId),
  ])
  return {
    organisation: org!,
    ...summary,
    managers: managers.managers.map(m => ({ ...m, isYou: m.userId === user.id })),
    managerInvitations: managers.invitations,
  }
})
