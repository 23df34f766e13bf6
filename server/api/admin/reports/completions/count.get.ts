import { completionReportQuerySchema } from '#shared/types/reports'
import { countCompletionRows } from '../../../../services/reports-admin/completion-report'

/** How many rows the completion report has with these filters, for the page's preview. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const query = readQueryAs(event, completionReportQuerySchema)
  setHeader(event, 'cache-control', 'no-store')
  return { rows: await countCompletionRows(await useDb(), query) }
})
