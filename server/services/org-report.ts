import { sectionMinutesText, totalMinutes } from '#shared/orgs'
import type { Db } from '../db/client'
import { CSV_BOM, csvRow } from '../domain/csv'
import { learnerReportBatches, type CourseShape, type LearnerRow } from './org-dashboard'

const STATUS_WORDS = { invited: 'Invited', not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' } as const

export const REPORT_HEADER = ['Name', 'Email', 'Status', 'Progress (%)', 'Started', 'Completed', 'Final score (%)', 'Study time (minutes)', 'Minutes by section', 'Last active', 'Invitation sent', 'Invitation expires']

/** Dates as YYYY-MM-DD (UK time), which every spreadsheet reads as a date. One formatter: making one per cell is slow. */
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
const day = (iso: string | null) => iso ? dayFormat.format(new Date(iso)) : null

export function reportCells(row: LearnerRow) {
  return [
    row.name,
    row.email,
    STATUS_WORDS[row.status],
    row.progress,
    day(row.startedAt),
    day(row.completedAt),
    row.score,
    totalMinutes(row.sectionMinutes),
    sectionMinutesText(row.sectionMinutes),
    day(row.lastActiveAt),
    day(row.invitation?.sentAt ?? null),
    day(row.invitation?.expiresAt ?? null),
  ]
}

/** A file name made only of safe characters, e.g. learners-northshire-county-council-2026-03-01.csv. */
export function reportFileName(organisationName: string, now: Date) {
  const slug = organisationName.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'organisation'
  return `learners-${slug}-${day(now.toISOString())}.csv`
}

/** The organisation's learners report as a stream of UTF-8 CSV, one batch of rows at a time. */
export function learnerReportCsv(db: Db, organisationId: string, course: CourseShape, now = new Date()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const batches = learnerReportBatches(db, organisationId, course, now)
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
