import { describe, expect, it } from 'vitest'
import { sectionMinutesText } from '../../../shared/orgs'

describe('sectionMinutesText (the "Minutes by section" cell of the reports)', () => {
  it('lists sections by their number, not as text, with each id\'s leading part', () => {
    expect(sectionMinutesText({ 's10-next-steps': 3, 's2-why-children-go-missing': 9, 's1-why-this-matters': 6 }))
      .toBe('s1 6; s2 9; s10 3')
  })

  it('gives the same text whatever order the sections come in, for every row', () => {
    const a = { 's3-c': 1, 's1-a': 2, 's2-b': 0 }
    const b = { 's2-b': 0, 's3-c': 1, 's1-a': 2 }
    expect(sectionMinutesText(a)).toBe('s1 2; s2 0; s3 1')
    expect(sectionMinutesText(b)).toBe('s1 2; s2 0; s3 1')
    // A second row with the same sections but other minutes shows its own minutes.
    expect(sectionMinutesText({ 's1-a': 7, 's2-b': 8, 's3-c': 9 })).toBe('s1 7; s2 8; s3 9')
  })

  it('gives each row its own set\'s order when rows of different sets alternate', () => {
    const v1 = { 's2-b': 4, 's1-a': 5 }
    const v2 = { 's1-a': 6, 's3-c': 7, 's2-b': 8 }
    expect(sectionMinutesText(v1)).toBe('s1 5; s2 4')
    expect(sectionMinutesText(v2)).toBe('s1 6; s2 8; s3 7')
    expect(sectionMinutesText({ 's2-b': 1, 's1-a': 2 })).toBe('s1 2; s2 1')
    expect(sectionMinutesText({ 's2-b': 1, 's1-a': 2, 's3-c': 3 })).toBe('s1 2; s2 1; s3 3')
  })

  it('orders ids with the same number (or none) by id', () => {
    expect(sectionMinutesText({ 'intro': 1, 's1-b': 2, 's1-a': 3 })).toBe('intro 1; s1 3; s1 2')
  })

  it('writes nothing for a learner with no record, and an empty cell for no sections', () => {
    expect(sectionMinutesText(null)).toBeNull()
    expect(sectionMinutesText({})).toBe('')
  })
})
