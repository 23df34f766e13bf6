import { eq } from 'drizzle-orm'
import { reportQuerySchema } from '#shared/types/orgs'
import { organisations } from '../../../db/schema'
import { dashboardSummary, refresherForecast } from '../../../services/organisations/org-dashboard'
import { managersOf } from '../../../services/organisations/organisations'
import { complianceSettings, listTeams } from '../../../services/organisations/teams'

/**
 * The dashboard's header: the organisation, its seats, where its learners are (everyone, or ?team=), completions
 * over time, its training leads, its teams and compliance settings, and the refreshers coming up.
 */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { team } = readQueryAs(event, reportQuerySchema)
  noStore(event)
  const db = await useDb()
  const course = courseShape(await useCourse(event))
  const now = serverNow()
  const [[org], summary, managers, teams, settings, forecast] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)),
    dashboardSummary(db, orgId, course, now, team),
    managersOf(db, orgId),
    listTeams(db, orgId),
    complianceSettings(db, orgId),
    refresherForecast(db, orgId, course, now),
  ])
  return {
    organisation: org!,
    ...summary,
    managers: managers.managers.map(m => ({ ...m, isYou: m.userId === user.id })),
    managerInvitations: managers.invitations,
    teams,
    settings,
    refresherForecast: forecast,
  }
})
