import { describe, expect, it } from 'vitest'
import { changedSince, completionRule, isCompletionDue, refresherOpen, sectionsLeft, type VersionedSection } from '../../../../server/domain/assessment-completion/completion'

// A course at version 4: a section written in 1 and never changed, one rewritten in 3, one added in 4, one
// changed in 2 and again in 4.
const sections: VersionedSection[] = [
  { id: 'intro', title: 'Introduction', description: 'How the course works.', changedIn: [1] },
  { id: 'law', title: 'The law', description: 'New statutory guidance.', changedIn: [1, 3] },
  { id: 'online', title: 'Online risks', description: 'A new section on online exploitation.', changedIn: [4] },
  { id: 'return', title: 'Coming back', description: 'Return home interviews.', changedIn: [1, 2, 4] },
]
const ids = (list: { id: string }[]) => list.map(s => s.id)

describe('which sections a refresher requires, given the version of the completion it renews', () => {
  it.each([
    // renews version, course version, required
    [4, 4, []],
    [3, 4, ['online', 'return']],
    [2, 4, ['law', 'online', 'return']],
    [1, 4, ['law', 'online', 'return']],
    [1, 2, ['return']],
    [1, 1, []],
    // A change listed for a version the course has not reached yet does not count.
    [2, 3, ['law']],
  ])('completed version %i, course now version %i: %j', (renews, course, required) => {
    const rule = completionRule(sections, course, renews)
    expect(rule.kind).toBe('refresher')
    expect(rule.requiredSectionIds).toEqual(required)
    if (rule.kind !== 'refresher') return
    expect(rule.fromVersion).toBe(renews)
    expect(ids(rule.changed)).toEqual(required)
    // Every other section is carried over, in course order, and none is both.
    expect(ids(rule.carriedOver)).toEqual(ids(sections).filter(id => !required.includes(id)))
  })

  it('shows each changed section with its one-line summary', () => {
    const rule = completionRule(sections, 4, 3)
    expect(rule.kind === 'refresher' && rule.changed).toEqual([
      { id: 'online', title: 'Online risks', summary: 'A new section on online exploitation.' },
      { id: 'return', title: 'Coming back', summary: 'Return home interviews.' },
    ])
  })

  it('a first enrolment requires every section', () => {
    expect(completionRule(sections, 4, null)).toEqual({ kind: 'first', requiredSectionIds: ['intro', 'law', 'online', 'return'] })
  })

  it.each([
    [[1, 3], 2, 3, true],
    [[1, 3], 3, 3, false],
    [[1, 3], 0, 1, true],
    [[5], 3, 4, false],
  ])('changedIn %j since %i at version %i: %s', (changedIn, from, course, changed) => {
    expect(changedSince({ changedIn }, from, course)).toBe(changed)
  })
})

describe('when a completion is due', () => {
  it.each([
    // renews (null: first), sections completed, assessment passed, due, left
    [null, ['intro', 'law', 'online', 'return'], true, true, []],
    [null, ['intro', 'law', 'online'], true, false, ['return']],
    [null, ['intro', 'law', 'online', 'return'], false, false, []],
    [3, ['online', 'return'], true, true, []],
    [3, ['online'], true, false, ['return']],
    // Carried-over sections are optional: revisiting them changes nothing.
    [3, ['intro', 'law', 'online'], true, false, ['return']],
    [3, ['online', 'return'], false, false, []],
    // Nothing changed since their version: the final assessment alone.
    [4, [], true, true, []],
    [4, [], false, false, []],
  ] as const)('renewing %s with %j done, assessment passed %s: due %s', (renews, done, passed, due, left) => {
    const rule = completionRule(sections, 4, renews)
    expect(isCompletionDue(rule, done, passed)).toBe(due)
    expect(ids(sectionsLeft(sections, rule, done))).toEqual(left)
  })
})

describe('when a refresher can start', () => {
  it.each([
    [null, '2027-01-01', false],
    ['2027-06-30', '2027-01-01', false],
    ['2027-06-30', '2027-05-01', true],
    ['2027-06-30', '2027-06-30', true],
    ['2027-06-30', '2027-07-01', true],
  ])('certificate current until %s, today %s: %s', (expires, today, open) => {
    expect(refresherOpen(expires, today)).toBe(open)
  })
})
