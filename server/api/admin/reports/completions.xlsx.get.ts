import { completionReportQuerySchema } from '#shared/types/reports'
import { completionFileName } from '../../../domain/reports-admin/completion-report'
import { XLSX_CONTENT_TYPE } from '../../../domain/platform/xlsx'
import { completionXlsx, recordReportExport } from '../../../services/reports-admin/completion-report'

/** The completion report as an Excel workbook, streamed: platform admins only. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const query = readQueryAs(event, completionReportQuerySchema)
  const db = await useDb()
  await recordReportExport(db, user.id, query, 'xlsx')
  return sendDownload(event, completionXlsx(db, query), XLSX_CONTENT_TYPE, completionFileName(new Date(), 'xlsx'))
})
