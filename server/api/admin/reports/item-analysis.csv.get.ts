import { ukDay } from '#shared/dates'
import { CSV_BOM, csvRow } from '../../../domain/platform/csv'
import { writeAudit } from '../../../services/platform/audit'
import { itemAnalysis } from '../../../services/reports-admin/insight'

/** The item analysis as CSV, one row per item, for rewriting weak questions: platform admins only. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const db = await useDb()
  const items = await itemAnalysis(db, await useCourse(event))
  await writeAudit(db, { actorId: user.id, action: 'report.downloaded', targetType: 'report', details: { report: 'item-analysis' } })
  setHeaders(event, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="item-analysis-${ukDay(new Date())}.csv"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  const header = csvRow(['Item', 'Kind', 'Section', 'Text', 'First answers', 'Facility (share right)', 'Discrimination (upper minus lower 27%)', 'Choices picked (count)'])
  return CSV_BOM + header + items.map(i => csvRow([
    i.item, i.kind, i.sectionId, i.text, i.responses, i.facility.toFixed(2), i.discrimination === null ? null : i.discrimination.toFixed(2),
    i.choices.map(c => `${c.text} (${c.count})`).join('; '),
  ])).join('')
})

