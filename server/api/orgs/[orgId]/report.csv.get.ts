import { eq } from 'drizzle-orm'
import { reportQuerySchema } from '#shared/types/orgs'
import { organisations } from '../../../db/schema'
import { writeAudit } from '../../../services/platform/audit'
import { learnerReportCsv, reportFileName } from '../../../services/organisations/org-report'

/** The organisation's learners as a CSV file (RFC 4180, UTF-8 with a BOM), streamed as it is read; ?team= narrows it to one team. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { team } = readQueryAs(event, reportQuerySchema)
  const db = await useDb()
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId))
  const now = serverNow()
  await writeAudit(db, { actorId: user.id, action: 'report.downloaded', targetType: 'organisation', targetId: orgId, details: { report: 'learners', team: team ?? null } })
  setHeaders(event, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${reportFileName(org!.name, now)}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  return sendStream(event, learnerReportCsv(db, orgId, courseShape(await useCourse(event)), now, team))
})
