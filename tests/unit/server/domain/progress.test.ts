import { describe, expect, it } from 'vitest'
import {
  type CoursePosition,
  creditActiveSeconds,
  isCourseComplete,
  isSectionComplete,
  laterPosition,
  laterStatus,
  MAX_ACTIVE_SECONDS_PER_MINUTE,
  minuteBucket,
  type SectionStatus,
  STATUS_RANK,
} from '../../../../server/domain/progress'

describe('laterStatus', () => {
  it.each<[SectionStatus, SectionStatus, SectionStatus]>([
    ['not_started', 'not_started', 'not_started'],
    ['not_started', 'in_progress', 'in_progress'],
    ['not_started', 'completed', 'completed'],
    ['in_progress', 'not_started', 'in_progress'],
    ['in_progress', 'in_progress', 'in_progress'],
    ['in_progress', 'completed', 'completed'],
    ['completed', 'not_started', 'completed'], // never backwards
    ['completed', 'in_progress', 'completed'],
    ['completed', 'completed', 'completed'],
  ])('%s then %s → %s', (a, b, expected) => {
    expect(laterStatus(a, b)).toBe(expected)
  })

  it('ranks the statuses in the order a learner moves through them', () => {
    expect(STATUS_RANK.not_started).toBeLessThan(STATUS_RANK.in_progress)
    expect(STATUS_RANK.in_progress).toBeLessThan(STATUS_RANK.completed)
  })
})

describe('isSectionComplete', () => {
  it.each<[string, string[], string[], boolean, boolean]>([
    ['content read, every activity done', ['sc-jade', 'qz-s1'], ['qz-s1', 'sc-jade'], true, true],
    ['content read, extra activities done too', ['qz-s1'], ['qz-s1', 'sc-kai'], true, true],
    ['content read, no activities required', [], [], true, true],
    ['content not reached', ['qz-s1'], ['qz-s1'], false, false],
    ['content not reached, nothing required', [], [], false, false],
    ['an activity missing', ['sc-jade', 'qz-s1'], ['qz-s1'], true, false],
    ['nothing done', ['qz-s1'], [], true, false],
  ])('%s → %s', (_, requiredActivityIds, completedActivityIds, contentReached, complete) => {
    expect(isSectionComplete({ requiredActivityIds, completedActivityIds, contentReached })).toBe(complete)
    expect(isSectionComplete({ requiredActivityIds, completedActivityIds: new Set(completedActivityIds), contentReached })).toBe(complete)
  })
})

describe('isCourseComplete', () => {
  const sectionIds = ['s1', 's2', 's3']
  it.each<[string, string[], boolean, boolean]>([
    ['every section done and the assessment passed', ['s3', 's1', 's2'], true, true],
    ['every section done, assessment not passed', ['s1', 's2', 's3'], false, false],
    ['a section missing, assessment passed', ['s1', 's2'], true, false],
    ['nothing done', [], false, false],
    ['sections from an older version do not count', ['s1', 's2', 's-old'], true, false],
  ])('%s → %s', (_, completedSectionIds, assessmentPassed, complete) => {
    expect(isCourseComplete({ sectionIds, completedSectionIds, assessmentPassed })).toBe(complete)
    expect(isCourseComplete({ sectionIds, completedSectionIds: new Set(completedSectionIds), assessmentPassed })).toBe(complete)
  })
})

describe('active time', () => {
  it.each([
    [0, 15, 15],
    [0, 60, 60],
    [0, 61, 60], // one minute holds 60 seconds at most
    [0, 3_600, 60],
    [30, 15, 15],
    [50, 15, 10], // only the room left in the minute
    [60, 15, 0],
    [75, 15, 0], // already over (should not happen): nothing more
    [0, 0, 0],
    [0, -5, 0], // never negative
    [20, -5, 0],
    [0, 12.9, 12], // whole seconds only
    [10.7, 50.2, 50],
    [0, Number.NaN, 0],
    [0, Number.POSITIVE_INFINITY, 0],
    [Number.NaN, 10, 10],
  ])('%d already credited, %d reported → %d more', (already, reported, credit) => {
    expect(creditActiveSeconds(already, reported)).toBe(credit)
  })

  it('never credits more than 60 seconds in a minute, however many reports arrive', () => {
    for (const report of [0.5, 1, 7, 13.9, 29, 45, 60, 120]) {
      let total = 0
      for (let i = 0; i < 200; i++) total += creditActiveSeconds(total, report)
      expect(total).toBeLessThanOrEqual(MAX_ACTIVE_SECONDS_PER_MINUTE)
      expect(total).toBe(report < 1 ? 0 : 60)
    }
  })

  it.each([
    [0, 0],
    [59_999, 0],
    [60_000, 1],
    [Date.UTC(2026, 10, 23, 12, 0, 59, 999), Date.UTC(2026, 10, 23, 12, 0) / 60_000],
    [Date.UTC(2026, 10, 23, 12, 1), Date.UTC(2026, 10, 23, 12, 1) / 60_000],
  ])('%d ms falls in minute %d', (atMs, bucket) => {
    expect(minuteBucket(atMs)).toBe(bucket)
  })
})

describe('laterPosition', () => {
  const at = (t: number, anchor = `part-${t}`): CoursePosition => ({ sectionId: 's1', anchor, at: t })

  it.each<[CoursePosition, CoursePosition, string]>([
    [at(1_000), at(2_000), 'part-2000'],
    [at(2_000), at(1_000), 'part-2000'], // an old tab's save arrives late
    [at(1_000, 'a'), at(1_000, 'b'), 'b'], // a tie goes to the newer save
    [at(Number.NaN), at(5), 'part-5'],
    [at(5), at(Number.NaN), 'part-5'],
  ])('%j vs %j → %s', (a, b, anchor) => {
    expect(laterPosition(a, b).anchor).toBe(anchor)
  })

  it('returns the winning object itself, with any extra fields', () => {
    const a = { ...at(1), note: 'a' }
    const b = { ...at(2), note: 'b' }
    expect(laterPosition(a, b)).toBe(b)
    expect(laterPosition(b, a)).toBe(b)
  })
})
