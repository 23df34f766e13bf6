import { ukDay } from '../../../shared/dates'
import { sectionMinutesText } from '../../../shared/orgs'
import type { CompletionStatus } from '../../../shared/types/reports'
import type { XlsxColumn, XlsxValue } from '../platform/xlsx'

/**
 * The admin completion report: one row per licence held by a learner (an assigned seat, in an organisation
 * or a licence of the learner's own), with where they are in the course. The SQL that reads the rows is
 * server/services/reports-admin/completion-report.ts; this is what each row says.
 */
export interface CompletionRecord {
  learnerName: string | null
  email: string | null
  /** Null for a licence of the learner's own. */
  organisation: string | null
  status: CompletionStatus
  /** Calendar dates in UK time, YYYY-MM-DD. */
  started: string | null
  completed: string | null
  /** The final assessment's mark, 0..100: as recorded at completion, else the latest attempt submitted. */
  scorePercent: number | null
  /** The current (not superseded) certificate. */
  certificateCode: string | null
  certificateRevoked: boolean | null
  activeSeconds: number | null
  /** Whole minutes credited in each section: as recorded at completion, else so far. */
  sectionMinutes: Record<string, number> | null
}

export const STATUS_WORDS: Record<CompletionStatus, string> = { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' }

export const INDIVIDUAL_LICENCE = 'Individual licence'

export const COMPLETION_COLUMNS: readonly XlsxColumn[] = [
  { header: 'Learner name', width: 28 },
  { header: 'Email', width: 34 },
  { header: 'Organisation', width: 34 },
  { header: 'Seat status', width: 13 },
  { header: 'Started', width: 12 },
  { header: 'Completed', width: 12 },
  { header: 'Final score (%)', width: 15 },
  { header: 'Certificate code', width: 26 },
  { header: 'Active time (minutes)', width: 20 },
  { header: 'Minutes by section', width: 44 },
]

export const COMPLETION_HEADER = COMPLETION_COLUMNS.map(c => c.header)

/** Whole minutes of active time, rounded to the nearest (a 40-second visit shows as 1, none as 0). */
export function activeMinutesOf(seconds: number | null): number {
  return seconds && seconds > 0 ? Math.max(1, Math.round(seconds / 60)) : 0
}

function certificateText(row: CompletionRecord): string | null {
  if (!row.certificateCode) return null
  return row.certificateRevoked ? `${row.certificateCode} (revoked)` : row.certificateCode
}

/** A row's cells, in COMPLETION_HEADER's order; dates as YYYY-MM-DD text (the CSV). */
export function completionCells(row: CompletionRecord): (string | number | null)[] {
  return [
    row.learnerName,
    row.email,
    row.organisation ?? INDIVIDUAL_LICENCE,
    STATUS_WORDS[row.status],
    row.started,
    row.completed,
    row.scorePercent,
    certificateText(row),
    activeMinutesOf(row.activeSeconds),
    sectionMinutesText(row.sectionMinutes),
  ]
}

/** The same row for the workbook, with the dates as real dates. */
export function completionXlsxCells(row: CompletionRecord): XlsxValue[] {
  const cells: XlsxValue[] = completionCells(row)
  cells[4] = row.started ? { date: row.started } : null
  cells[5] = row.completed ? { date: row.completed } : null
  return cells
}

/** completions-2026-03-31.csv: the day the file was made, in UK time. */
export function completionFileName(now: Date, extension: 'csv' | 'xlsx'): string {
  return `completions-${ukDay(now)}.${extension}`
}
