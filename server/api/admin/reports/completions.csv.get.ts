import { completionReportQuerySchema } from '#shared/types/reports'
import { completionFileName } from '../../../domain/reports-admin/completion-report'
import { completionCsv, recordReportExport } from '../../../services/reports-admin/completion-report'

/** The completion report as CSV (RFC 4180, UTF-8 with a BOM), streamed: platform admins only. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const query = readQueryAs(event, completionReportQuerySchema)
  const db = await useDb()
  await recordReportExport(db, user.id, query, 'csv')
  return sendDownload(event, completionCsv(db, query), 'text/csv; charset=utf-8', completionFileName(new Date(), 'csv'))
})
