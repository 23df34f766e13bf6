import { eq } from 'drizzle-orm'
import { reportQuerySchema } from '#shared/types/orgs'
import { organisations } from '../../../db/schema'
import { XLSX_CONTENT_TYPE } from '../../../domain/platform/xlsx'
import { writeAudit } from '../../../services/platform/audit'
import { learnerReportXlsx, reportFileName } from '../../../services/organisations/org-report'

/** The organisation's learners as an Excel workbook: the CSV report's rows, written by the admin reports' streaming writer. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const { team } = readQueryAs(event, reportQuerySchema)
  const db = await useDb()
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId))
  const now = serverNow()
  await writeAudit(db, { actorId: user.id, action: 'report.downloaded', targetType: 'organisation', targetId: orgId, details: { report: 'learners', format: 'xlsx', team: team ?? null } })
  return sendDownload(event, learnerReportXlsx(db, orgId, courseShape(await useCourse(event)), now, team), XLSX_CONTENT_TYPE, reportFileName(org!.name, now, 'xlsx'))
})
