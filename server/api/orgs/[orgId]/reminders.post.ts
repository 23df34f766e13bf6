import { eq } from 'drizzle-orm'
import { remindSchema } from '#shared/schemas/orgs'
import { organisations } from '../../../db/schema'
import { remindLearners } from '../../../services/org-seats'

/** Emails a reminder to chosen learners, or to everyone who has not started or not finished: at most one a day each. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const target = await readBodyAs(event, remindSchema)
  const db = await useDb()
  const [org] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, orgId))
  const course = await useCourse(event)
  return remindLearners(db, { organisation: org!, actor: user, courseVersion: course.version, siteUrl: siteUrl(event) }, target)
})
