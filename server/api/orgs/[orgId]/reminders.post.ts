import { eq } from 'drizzle-orm'
import { remindSchema } from '#shared/types/orgs'
import { organisations } from '../../../db/schema'
import { remindAudience } from '../../../services/organisations/org-reminders'
import { remindLearners } from '../../../services/organisations/org-seats'

/**
 * Emails a reminder to chosen learners (at most one a day each), or to everyone who has not started or not
 * finished, which includes sending open invitations again (see remindAudience).
 */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const target = await readBodyAs(event, remindSchema)
  const db = await useDb()
  const [org] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, orgId))
  const course = await useCourse(event)
  const ctx = { organisation: org!, actor: user, courseVersion: course.version, siteUrl: siteUrl(event), now: serverNow() }
  return 'audience' in target ? remindAudience(db, ctx, target.audience) : remindLearners(db, ctx, target)
})
