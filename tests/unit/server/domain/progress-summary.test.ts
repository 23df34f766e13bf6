import { describe, expect, it } from 'vitest'
import type { SectionStatus } from '../../../../server/domain/course-progress/progress'
import { type AssessmentStatus, type AttemptFacts, assessmentStatus, summariseProgress, type SummaryInput } from '../../../../server/domain/course-progress/progress-summary'

const sections = [
  { id: 's1', minutes: 10 },
  { id: 's2', minutes: 20 },
  { id: 's3', minutes: 30 },
  { id: 's4', minutes: 40 },
]

const open: AttemptFacts = { submitted: false, passed: null, scorePercent: null }
const failed = (scorePercent: number): AttemptFacts => ({ submitted: true, passed: false, scorePercent })
const passed = (scorePercent: number): AttemptFacts => ({ submitted: true, passed: true, scorePercent })

function input(statuses: Record<string, SectionStatus>, extra: Partial<SummaryInput> = {}): SummaryInput {
  return {
    sections,
    progress: Object.entries(statuses).map(([sectionId, status]) => ({ sectionId, status, lastAnchor: `${sectionId}-heading`, completedAt: status === 'completed' ? new Date('2026-05-01T10:00:00Z') : null })),
    lastPosition: null,
    attempts: [],
    completedAt: null,
    ...extra,
  }
}

const allDone = { s1: 'completed', s2: 'completed', s3: 'completed', s4: 'completed' } as const

describe('assessmentStatus', () => {
  it.each<[string, boolean, AttemptFacts[], AssessmentStatus]>([
    ['sections left, no attempts', false, [], 'locked'],
    ['every section done, no attempts', true, [], 'available'],
    ['every section done, an attempt open', true, [open], 'in_progress'],
    ['every section done, failed once', true, [failed(60)], 'available'],
    ['failed, then retrying', true, [failed(60), open], 'in_progress'],
    ['failed, then passed', true, [failed(60), passed(87)], 'passed'],
    ['passed stays passed even if sections were added later', false, [passed(80)], 'passed'],
  ])('%s → %s', (_, done, attempts, expected) => {
    expect(assessmentStatus(done, attempts)).toBe(expected)
  })
})

describe('summariseProgress', () => {
  it('shows a learner who has not started: everything left, start at the first section', () => {
    const summary = summariseProgress(input({}))
    expect(summary).toMatchObject({
      completedSections: 0,
      totalSections: 4,
      percent: 0,
      minutesLeft: 100,
      started: false,
      resume: { kind: 'section', sectionId: 's1', anchor: null },
      assessment: { status: 'locked', attempts: 0, lastPercent: null, bestPercent: null },
      completedAt: null,
    })
    expect(summary.sections.map(s => s.status)).toEqual(['not_started', 'not_started', 'not_started', 'not_started'])
  })

  it('weights progress and time left by each section\'s minutes', () => {
    const summary = summariseProgress(input({ s1: 'completed', s2: 'in_progress', s3: 'completed' }))
    expect(summary.percent).toBe(40) // 10 + 30 of 100 minutes
    expect(summary.minutesLeft).toBe(60)
    expect(summary.completedSections).toBe(2)
    expect(summary.sections).toEqual([
      { id: 's1', status: 'completed', anchor: null, completedAt: '2026-05-01T10:00:00.000Z' },
      { id: 's2', status: 'in_progress', anchor: 's2-heading', completedAt: null },
      { id: 's3', status: 'completed', anchor: null, completedAt: '2026-05-01T10:00:00.000Z' },
      { id: 's4', status: 'not_started', anchor: null, completedAt: null },
    ])
  })

  it('rounds the percentage down, so it never shows 100 before the end', () => {
    const summary = summariseProgress({ ...input({ a: 'completed', b: 'completed' }), sections: [{ id: 'a', minutes: 1 }, { id: 'b', minutes: 1 }, { id: 'c', minutes: 1 }] })
    expect(summary.percent).toBe(66)
  })

  it.each<[string, Record<string, SectionStatus>, SummaryInput['lastPosition'], unknown]>([
    ['the exact heading in an unfinished section', { s2: 'in_progress' }, { sectionId: 's2', anchor: 'part-two', at: 5 }, { kind: 'section', sectionId: 's2', anchor: 'part-two' }],
    ['the top of the section when no heading was reached', { s2: 'in_progress' }, { sectionId: 's2', anchor: '', at: 5 }, { kind: 'section', sectionId: 's2', anchor: null }],
    ['the next unfinished section after a finished one', { s1: 'completed', s2: 'completed' }, { sectionId: 's2', anchor: 'end', at: 5 }, { kind: 'section', sectionId: 's3', anchor: null }],
    ['an earlier unfinished section when every later one is done', { s1: 'in_progress', s2: 'completed', s3: 'completed', s4: 'completed' }, { sectionId: 's4', anchor: 'x', at: 5 }, { kind: 'section', sectionId: 's1', anchor: null }],
    ['the first unfinished section when the saved one is no longer in the course', { s1: 'completed' }, { sectionId: 's-gone', anchor: 'x', at: 5 }, { kind: 'section', sectionId: 's2', anchor: null }],
    ['the assessment when every section is done', allDone, { sectionId: 's4', anchor: 'x', at: 5 }, { kind: 'assessment' }],
  ])('continues at %s', (_, statuses, lastPosition, resume) => {
    expect(summariseProgress(input(statuses, { lastPosition })).resume).toEqual(resume)
  })

  it('reports the assessment attempts, the last and best marks', () => {
    const summary = summariseProgress(input(allDone, { attempts: [failed(73), failed(60), open] }))
    expect(summary.assessment).toEqual({ status: 'in_progress', attempts: 2, lastPercent: 60, bestPercent: 73 })
  })

  it('has nowhere to continue once the course is complete, and says when it was completed', () => {
    const summary = summariseProgress(input(allDone, { attempts: [passed(93)], completedAt: new Date('2026-06-02T09:30:00Z') }))
    expect(summary).toMatchObject({ percent: 100, minutesLeft: 0, resume: null, completedAt: '2026-06-02T09:30:00.000Z', assessment: { status: 'passed' } })
  })
})

// A refresher (server/domain/assessment-completion/completion.ts) requires only the sections changed since the learner's version.
describe('summariseProgress for a refresher', () => {
  it.each<[string, string[], Record<string, SectionStatus>, AssessmentStatus, unknown]>([
    ['nothing changed: the assessment straight away', [], {}, 'available', { kind: 'assessment' }],
    ['one changed section to read first', ['s3'], {}, 'locked', { kind: 'section', sectionId: 's3', anchor: null }],
    ['the changed section done, carried-over ones not', ['s3'], { s3: 'completed' }, 'available', { kind: 'assessment' }],
    ['carried-over sections revisited do not open it', ['s2', 's4'], { s1: 'completed', s2: 'completed', s3: 'completed' }, 'locked', { kind: 'section', sectionId: 's4', anchor: null }],
  ])('%s', (_, requiredSectionIds, statuses, status, resume) => {
    const summary = summariseProgress(input(statuses, { requiredSectionIds }))
    expect(summary.assessment.status).toBe(status)
    expect(summary.resume).toEqual(resume)
  })
})
