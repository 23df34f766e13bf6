import { describe, expect, it } from 'vitest'
import {
  DEFAULT_STUDY_SHARE,
  isCourseComplete,
  isQuizDone,
  isSectionComplete,
  studySecondsFor,
} from '../../../../server/domain/course-progress/progress'

describe('isSectionComplete', () => {
  const studied = { creditedSeconds: 300, requiredSeconds: 300 }
  it.each<[string, string[], string[], boolean, boolean]>([
    ['content read, every activity done', ['sc-jade', 'qz-s1'], ['qz-s1', 'sc-jade'], true, true],
    ['content read, extra activities done too', ['qz-s1'], ['qz-s1', 'sc-kai'], true, true],
    ['content read, no activities required', [], [], true, true],
    ['content not reached', ['qz-s1'], ['qz-s1'], false, false],
    ['content not reached, nothing required', [], [], false, false],
    ['an activity missing', ['sc-jade', 'qz-s1'], ['qz-s1'], true, false],
    ['nothing done', ['qz-s1'], [], true, false],
  ])('with its time credited: %s → %s', (_, requiredActivityIds, completedActivityIds, contentReached, complete) => {
    expect(isSectionComplete({ requiredActivityIds, completedActivityIds, contentReached, ...studied })).toBe(complete)
    expect(isSectionComplete({ requiredActivityIds, completedActivityIds: new Set(completedActivityIds), contentReached, ...studied })).toBe(complete)
  })

  it.each([[0, false], [299, false], [300, true], [4000, true]])('with everything else done, %d of 300 seconds credited → %s', (creditedSeconds, complete) => {
    expect(isSectionComplete({ requiredActivityIds: ['qz-s1'], completedActivityIds: ['qz-s1'], contentReached: true, creditedSeconds, requiredSeconds: 300 })).toBe(complete)
  })
})

describe('studySecondsFor', () => {
  it.each([
    [10, 0.5, 300],
    [7, 0.5, 210],
    [9, 1 / 3, 180],
    [11, 0.25, 165],
    [1, 0.4, 24],
    [12, 1, 720],
    [12, 1.5, 720], // never more than the whole estimate
    [12, 0, 0],
    [0, 0.5, 0],
    [Number.NaN, 0.5, 0],
    [10, Number.NaN, 0],
  ])('%d minutes at a share of %d → %d seconds', (minutes, share, seconds) => {
    expect(studySecondsFor(minutes, share)).toBe(seconds)
  })

  it('asks for half the estimate unless the course says otherwise', () => {
    expect(DEFAULT_STUDY_SHARE).toBe(0.5)
  })
})

describe('isQuizDone', () => {
  it.each<[string, string[], boolean]>([
    ['every question right at least once', ['q1', 'q2', 'q3'], true],
    ['right answers in any order, and repeats', ['q3', 'q1', 'q2', 'q1'], true],
    ['one question never right yet', ['q1', 'q3'], false],
    ['nothing right yet', [], false],
    ['right answers to questions of another quiz do not count', ['q1', 'q2', 'x9'], false],
  ])('%s → %s', (_, right, done) => {
    expect(isQuizDone(['q1', 'q2', 'q3'], right)).toBe(done)
    expect(isQuizDone(['q1', 'q2', 'q3'], new Set(right))).toBe(done)
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
