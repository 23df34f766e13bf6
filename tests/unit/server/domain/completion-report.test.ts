import { describe, expect, it } from 'vitest'
import { activeMinutesOf, COMPLETION_HEADER, completionCells, completionFileName, completionXlsxCells, type CompletionRecord } from '../../../../server/domain/reports-admin/completion-report'
import { completionReportQuerySchema } from '../../../../shared/types/reports'

const completed: CompletionRecord = {
  learnerName: 'Amélie Dubois',
  email: 'amelie@example.org',
  organisation: 'Northshire County Council',
  status: 'completed',
  started: '2026-02-01',
  completed: '2026-03-15',
  scorePercent: 90,
  certificateCode: 'K7QX-4MHD-93TR-WE8A',
  certificateRevoked: false,
  activeSeconds: 5430,
  sectionMinutes: { 's10-next-steps': 3, 's2-why-children-go-missing': 9, 's1-why-this-matters': 6 },
}

describe('a completion report row', () => {
  it('has one cell per column, in order', () => {
    expect(COMPLETION_HEADER).toEqual(['Learner name', 'Email', 'Organisation', 'Seat status', 'Started', 'Completed', 'Final score (%)', 'Certificate code', 'Active time (minutes)', 'Minutes by section'])
    expect(completionCells(completed)).toEqual(['Amélie Dubois', 'amelie@example.org', 'Northshire County Council', 'Completed', '2026-02-01', '2026-03-15', 90, 'K7QX-4MHD-93TR-WE8A', 91, 's1 6; s2 9; s10 3'])
  })

  it('says when a learner has not started, holds a licence of their own, or had their certificate revoked', () => {
    expect(completionCells({ ...completed, organisation: null, status: 'not_started', started: null, completed: null, scorePercent: null, certificateCode: null, certificateRevoked: null, activeSeconds: null, sectionMinutes: null }))
      .toEqual(['Amélie Dubois', 'amelie@example.org', 'Individual licence', 'Not started', null, null, null, null, 0, null])
    expect(completionCells({ ...completed, status: 'in_progress' })[3]).toBe('In progress')
    expect(completionCells({ ...completed, certificateRevoked: true })[7]).toBe('K7QX-4MHD-93TR-WE8A (revoked)')
  })

  it('gives the workbook real dates', () => {
    const cells = completionXlsxCells(completed)
    expect(cells[4]).toEqual({ date: '2026-02-01' })
    expect(cells[5]).toEqual({ date: '2026-03-15' })
    expect(completionXlsxCells({ ...completed, completed: null })[5]).toBeNull()
  })

  it.each([[null, 0], [0, 0], [20, 1], [89, 1], [90, 2], [3600, 60], [5430, 91]])('counts %s active seconds as %s minutes', (seconds, minutes) => {
    expect(activeMinutesOf(seconds)).toBe(minutes)
  })

  it('names the file after the UK date', () => {
    expect(completionFileName(new Date('2026-06-30T23:30:00Z'), 'csv')).toBe('completions-2026-07-01.csv')
    expect(completionFileName(new Date('2026-01-31T23:30:00Z'), 'xlsx')).toBe('completions-2026-01-31.xlsx')
  })
})

describe('the report filters', () => {
  it('default to everyone, any status, any date; empty fields count as not given', () => {
    expect(completionReportQuerySchema.parse({})).toEqual({ status: 'all' })
    expect(completionReportQuerySchema.parse({ organisationId: '', from: '', to: '', status: 'completed' })).toEqual({ status: 'completed' })
    expect(completionReportQuerySchema.parse({ organisationId: 'individual' }).organisationId).toBe('individual')
  })

  it.each([
    [{ organisationId: 'not-a-uuid' }, 'Choose an organisation from the list.'],
    [{ status: 'finished' }, 'The status must be not_started, in_progress, completed or all.'],
    [{ from: '31/03/2026' }, 'The start date must be a date like 2026-03-31.'],
    [{ to: '2026-02-30' }, 'The end date must be a date like 2026-03-31.'],
    [{ from: '2026-04-01', to: '2026-03-31' }, 'The start date must be on or before the end date.'],
  ])('refuse %o', (query, message) => {
    const parsed = completionReportQuerySchema.safeParse(query)
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map(i => i.message)).toContain(message)
  })
})
