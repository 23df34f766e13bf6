import { sectionMinutesText, STATUS_LABELS, totalMinutes } from '#shared/orgs'
import { ukDay } from '#shared/dates'
import type { Db } from '../../db/client'
import { CSV_BOM, csvRow } from '../../domain/platform/csv'
import { xlsxStream } from '../platform/xlsx-stream'
import type { XlsxColumn, XlsxValue } from '../../domain/platform/xlsx'
import { learnerReportBatches, type CourseShape, type LearnerRow } from './org-dashboard'

export const REPORT_COLUMNS: readonly XlsxColumn[] = [
  { header: 'Name', width: 28 },
  { header: 'Email', width: 34 },
  { header: 'Team', width: 20 },
  { header: 'Status', width: 14 },
  { header: 'Progress (%)', width: 12 },
  { header: 'Due by', width: 12 },
  { header: 'Started', width: 12 },
  { header: 'Completed', width: 12 },
  { header: 'Certificate current until', width: 22 },
  { header: 'Final score (%)', width: 15 },
  { header: 'Certificate code', width: 24 },
  { header: 'Study time (minutes)', width: 18 },
  { header: 'Minutes by section', width: 44 },
  { header: 'Last active', width: 12 },
  { header: 'Invitation sent', width: 14 },
  { header: 'Invitation expires', width: 16 },
  { header: 'Reminders stopped', width: 16 },
]

export const REPORT_HEADER = REPORT_COLUMNS.map(c => c.header)

/** The columns of reportCells that hold calendar days, for the workbook's date cells. */
const DATE_COLUMNS = REPORT_COLUMNS.flatMap((c, i) => ['Due by', 'Started', 'Completed', 'Certificate current until', 'Last active', 'Invitation sent', 'Invitation expires', 'Reminders stopped'].includes(c.header) ? [i] : [])

/** Dates as YYYY-MM-DD (UK time), which every spreadsheet reads as a date. */
const day = (iso: string | null) => iso ? ukDay(iso) : null

export function reportCells(row: LearnerRow) {
  return [
    row.name,
    row.email,
    row.team?.name ?? null,
    STATUS_LABELS[row.status],
    row.progress,
    row.dueAt,
    day(row.startedAt),
    day(row.completedAt),
    row.expiresAt,
    row.score,
    row.certificateCode,
    totalMinutes(row.sectionMinutes),
    sectionMinutesText(row.sectionMinutes),
    day(row.lastActiveAt),
    day(row.invitation?.sentAt ?? null),
    day(row.invitation?.expiresAt ?? null),
    day(row.remindersStoppedAt),
  ]
}

/** The same row for the workbook, with the days as real dates. */
export function reportXlsxCells(row: LearnerRow): XlsxValue[] {
  const cells: XlsxValue[] = reportCells(row)
  for (const i of DATE_COLUMNS) cells[i] = cells[i] ? { date: cells[i] as string } : null
  return cells
}

/** A file name made only of safe characters, e.g. learners-northshire-county-council-2026-03-01.csv. */
export function reportFileName(organisationName: string, now: Date, extension: 'csv' | 'xlsx' = 'csv') {
  const slug = organisationName.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'organisation'
  return `learners-${slug}-${day(now.toISOString())}.${extension}`
}

/** The organisation's learners report as a stream of UTF-8 CSV, one batch of rows at a time. */
export function learnerReportCsv(db: Db, organisationId: string, course: CourseShape, now = new Date(), team?: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const batches = learnerReportBatches(db, organisationId, course, now, team)
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(REPORT_HEADER)))
        return
      }
      const next = await batches.next()
      if (next.done) return controller.close()
      controller.enqueue(encoder.encode(next.value.map(row => csvRow(reportCells(row))).join('')))
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
}

/** The same report as an .xlsx workbook, through the admin reports' streaming writer. */
export function learnerReportXlsx(db: Db, organisationId: string, course: CourseShape, now = new Date(), team?: string) {
  const batches = learnerReportBatches(db, organisationId, course, now, team)
  return xlsxStream('Learners', REPORT_COLUMNS, (async function* () {
    for await (const batch of batches) yield batch.map(reportXlsxCells)
  })())
}
