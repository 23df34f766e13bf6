import { describe, expect, it } from 'vitest'
import {
  checkCommit, clampSessionSeconds, declaredObjectives, durationSeconds, formatDuration, keepStatusesMonotonic,
  launchValues, outcomeOf, type ScormVersion,
} from '../../../../server/domain/scorm/scorm-cmi'

describe('each element is checked against its SCORM type and limit', () => {
  it.each<[ScormVersion, string, unknown, number | null]>([
    // SCORM 2004: 401 undefined, 404 read-only, 406 type mismatch, 407 out of range
    ['2004', 'cmi.completion_status', 'completed', null],
    ['2004', 'cmi.completion_status', 'hacked', 406],
    ['2004', 'cmi.success_status', 'passed', null],
    ['2004', 'cmi.score.scaled', '0.85', null],
    ['2004', 'cmi.score.scaled', 0.85, null],
    ['2004', 'cmi.score.scaled', '2', 407],
    ['2004', 'cmi.score.scaled', '-1.01', 407],
    ['2004', 'cmi.score.raw', 'abc', 406],
    ['2004', 'cmi.score.raw', '250', null],
    ['2004', 'cmi.progress_measure', '1.5', 407],
    ['2004', 'cmi.location', 'x'.repeat(1000), null],
    ['2004', 'cmi.location', 'x'.repeat(1001), 406],
    ['2004', 'cmi.suspend_data', 'x'.repeat(64000), null],
    ['2004', 'cmi.suspend_data', 'x'.repeat(64001), 406],
    ['2004', 'cmi.session_time', 'PT1H2M3.5S', null],
    ['2004', 'cmi.session_time', '01:02:03', 406],
    ['2004', 'cmi.session_time', 'P', 406],
    ['2004', 'cmi.exit', 'suspend', null],
    ['2004', 'cmi.exit', 'quit', 406],
    ['2004', 'cmi.learner_id', 'someone-else', 404],
    ['2004', 'cmi.total_time', 'PT100H', 404],
    ['2004', 'cmi.entry', 'resume', 404],
    ['2004', 'cmi.not_an_element', 'x', 401],
    ['2004', 'cmi.core.lesson_status', 'passed', 401],
    ['2004', 'cmi.interactions.0.id', 'q1', null],
    ['2004', 'cmi.interactions.0.id', 'has space', 406],
    ['2004', 'cmi.interactions.0.timestamp', '2026-11-23T10:00:00Z', null],
    ['2004', 'cmi.interactions.0.timestamp', '1969-01-01', 407],
    ['2004', 'cmi.learner_preference.audio_captioning', '2', 406],
    ['2004', 'cmi.learner_preference.language', 'en-GB', null],
    ['2004', 'cmi.comments_from_learner.0.comment', '{lang=en}Hello', null],
    ['2004', 'cmi.score.scaled', { nested: true }, 406],
    // SCORM 1.2: 401 not implemented, 403 read-only, 405 incorrect data type (also used for range)
    ['1.2', 'cmi.core.lesson_status', 'incomplete', null],
    ['1.2', 'cmi.core.lesson_status', 'hacked', 405],
    ['1.2', 'cmi.core.lesson_status', 'not attempted', 405],
    ['1.2', 'cmi.core.score.raw', '100', null],
    ['1.2', 'cmi.core.score.raw', '101', 405],
    ['1.2', 'cmi.core.score.raw', '', null],
    ['1.2', 'cmi.core.lesson_location', 'x'.repeat(255), null],
    ['1.2', 'cmi.core.lesson_location', 'x'.repeat(256), 405],
    ['1.2', 'cmi.suspend_data', 'x'.repeat(4096), null],
    ['1.2', 'cmi.suspend_data', 'x'.repeat(4097), 405],
    ['1.2', 'cmi.core.session_time', '0001:02:03.5', null],
    ['1.2', 'cmi.core.session_time', 'PT1H', 405],
    ['1.2', 'cmi.core.exit', 'suspend', null],
    ['1.2', 'cmi.core.student_id', 'x', 403],
    ['1.2', 'cmi.core.total_time', '0100:00:00', 403],
    ['1.2', 'cmi.interactions.0.id', 'q1', null],
    ['1.2', 'cmi.interactions.0.result', 'wrong', null],
    ['1.2', 'cmi.interactions.0.result', 'incorrect', 405],
    ['1.2', 'cmi.student_preference.speed', '-101', 405],
    ['1.2', 'cmi.completion_status', 'completed', 401],
  ])('%s %s = %j → %s', (version, element, value, code) => {
    const values: Record<string, unknown> = { [element]: value }
    // Fields of an interaction need its id first (2004), so give it one.
    if (element.startsWith('cmi.interactions.0.') && !element.endsWith('.id')) values['cmi.interactions.0.id'] = 'q1'
    if (element.startsWith('cmi.comments_from_learner')) values['cmi.comments_from_learner.0.location'] = 'p1'
    const result = checkCommit(version, {}, values)
    if (code === null) expect(result).toMatchObject({ ok: true })
    else expect(result).toMatchObject({ ok: false, error: { element, code } })
  })
})

describe('collections', () => {
  it('refuses a gap in interaction indices, counting what is already stored', () => {
    expect(checkCommit('2004', {}, { 'cmi.interactions.1.id': 'q2' })).toMatchObject({ ok: false, error: { code: 351 } })
    expect(checkCommit('2004', { 'cmi.interactions.0.id': 'q1' }, { 'cmi.interactions.1.id': 'q2' })).toMatchObject({ ok: true })
    expect(checkCommit('1.2', {}, { 'cmi.objectives.2.id': 'o' })).toMatchObject({ ok: false, error: { code: 201 } })
  })

  it('needs an interaction id before its other fields (2004 error 408)', () => {
    expect(checkCommit('2004', {}, { 'cmi.interactions.0.result': 'correct' })).toMatchObject({ ok: false, error: { code: 408 } })
  })

  it('caps interactions at 250 and nested correct responses at 10', () => {
    const stored = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`cmi.interactions.${i}.id`, `q${i}`]))
    expect(checkCommit('2004', stored, { 'cmi.interactions.250.id': 'one-too-many' })).toMatchObject({ ok: false, error: { code: 351 } })
    const responses = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`cmi.interactions.0.correct_responses.${i}.pattern`, 'a']))
    expect(checkCommit('2004', { 'cmi.interactions.0.id': 'q' }, responses)).toMatchObject({ ok: false })
  })
})

describe('statuses never step back within an attempt', () => {
  it.each<[ScormVersion, string, string, string, string]>([
    ['2004', 'cmi.completion_status', 'completed', 'incomplete', 'completed'],
    ['2004', 'cmi.completion_status', 'incomplete', 'completed', 'completed'],
    ['2004', 'cmi.success_status', 'passed', 'failed', 'passed'],
    ['2004', 'cmi.success_status', 'failed', 'passed', 'passed'],
    ['1.2', 'cmi.core.lesson_status', 'passed', 'incomplete', 'passed'],
    ['1.2', 'cmi.core.lesson_status', 'completed', 'failed', 'failed'],
    ['1.2', 'cmi.core.lesson_status', 'incomplete', 'browsed', 'incomplete'],
  ])('%s %s: stored %s, then %s → %s', (version, element, before, after, kept) => {
    expect(keepStatusesMonotonic(version, { [element]: before }, { [element]: after })[element]).toBe(kept)
  })
})

describe('what an attempt means for reports', () => {
  it.each<[string, ScormVersion, Record<string, string>, { masteryScaled: number | null, completionThreshold: number | null }, object]>([
    ['2004 score against the manifest pass mark', '2004', { 'cmi.score.scaled': '0.9', 'cmi.completion_status': 'completed' }, { masteryScaled: 0.8, completionThreshold: null }, { success: 'passed', completion: 'completed', scoreScaled: 0.9 }],
    ['2004 below the pass mark overrides a claimed pass', '2004', { 'cmi.score.scaled': '0.5', 'cmi.success_status': 'passed' }, { masteryScaled: 0.8, completionThreshold: null }, { success: 'failed' }],
    ['2004 completion threshold', '2004', { 'cmi.progress_measure': '0.7', 'cmi.completion_status': 'completed' }, { masteryScaled: null, completionThreshold: 0.8 }, { completion: 'incomplete' }],
    ['1.2 completed with a mastery score', '1.2', { 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '85' }, { masteryScaled: 0.8, completionThreshold: null }, { completion: 'completed', success: 'passed', scoreScaled: 0.85 }],
    ['1.2 failed', '1.2', { 'cmi.core.lesson_status': 'failed', 'cmi.core.score.raw': '40' }, { masteryScaled: null, completionThreshold: null }, { completion: 'completed', success: 'failed', scoreScaled: 0.4 }],
    ['1.2 incomplete', '1.2', { 'cmi.core.lesson_status': 'incomplete' }, { masteryScaled: null, completionThreshold: null }, { completion: 'incomplete', success: 'unknown', scoreScaled: null }],
  ])('%s', (_name, version, cmi, rules, expected) => {
    expect(outcomeOf(version, cmi, rules)).toMatchObject(expected)
  })
})

describe('time', () => {
  it.each<[ScormVersion, string, number | null]>([
    ['2004', 'PT1H30M', 5400],
    ['2004', 'PT0.5S', 0.5],
    ['2004', 'P1DT1S', 86401],
    ['2004', 'nonsense', null],
    ['1.2', '0001:30:00', 5400],
    ['1.2', '00:00:05.25', 5.25],
  ])('%s %s is %s seconds', (version, value, seconds) => {
    expect(durationSeconds(version, value)).toBe(seconds)
  })

  it('formats totals the way each version reads them', () => {
    expect(formatDuration('2004', 3725)).toBe('PT1H2M5S')
    expect(formatDuration('1.2', 3725)).toBe('0001:02:05')
  })

  it.each([
    [120, 0, 600_000, 120],
    [999_999, 0, 600_000, 660],
    [-5, 0, 600_000, 0],
    [Number.NaN, 0, 600_000, 0],
  ])('a launch claiming %s s after %s..%s ms is credited %s s', (reported, from, to, credited) => {
    expect(clampSessionSeconds(reported, from, to)).toBe(credited)
  })
})

describe('launch data', () => {
  it('gives 2004 content its identity, entry, pass mark and stored data', () => {
    const values = launchValues('2004', { learnerId: 'u1', learnerName: 'Sam', resume: true, totalSeconds: 90, masteryScaled: 0.8, completionThreshold: null, launchData: null, stored: { 'cmi.location': '3' } })
    expect(values).toMatchObject({ 'cmi.learner_id': 'u1', 'cmi.entry': 'resume', 'cmi.scaled_passing_score': '0.8', 'cmi.total_time': 'PT0H1M30S', 'cmi.location': '3' })
  })

  it('gives 1.2 content its mastery score as a percentage', () => {
    expect(launchValues('1.2', { learnerId: 'u1', learnerName: 'Sam', resume: false, totalSeconds: 0, masteryScaled: 0.8, completionThreshold: null, launchData: 'x', stored: {} }))
      .toMatchObject({ 'cmi.core.entry': 'ab-initio', 'cmi.student_data.mastery_score': '80', 'cmi.launch_data': 'x' })
  })

  it('declares manifest objectives once, after any already stored', () => {
    expect(declaredObjectives(['a', 'b'], { 'cmi.objectives.0.id': 'b' })).toEqual({ 'cmi.objectives.1.id': 'a' })
  })
})
