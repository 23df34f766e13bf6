import { describe, expect, it } from 'vitest'
import { cellsPublishable, choiceKey, insightFor, itemStatistics, type Response } from '../../../../server/domain/reports-admin/item-analysis'

const r = (learner: string, group: string | null, item: string, correct: boolean, choice = correct ? 'right' : 'wrong'): Response => ({ learner, group, item, section: 's1', correct, choice })
const people = (prefix: string, n: number, group: string | null, correct: (i: number) => boolean, item = 'q1') =>
  Array.from({ length: n }, (_, i) => r(`${prefix}${i}`, group, item, correct(i), correct(i) ? 'right' : i % 2 ? 'b' : 'a'))

describe('the k-anonymity rule', () => {
  it.each([
    [[5, 5], 5, true],
    [[5, 0], 5, true],
    [[7, 2], 7, false],
    [[4], 4, false],
    [[9], 9, true],
  ])('cells %j, view of %i → %s', (cells, view, ok) => {
    expect(cellsPublishable(cells, view)).toBe(ok)
  })

  it('answers nothing under five, and a team only when no remainder is under five', () => {
    expect(insightFor(people('a', 4, 'north', () => false))).toEqual({ shown: false, reason: 'too_few' })
    const mixed = [...people('n', 7, 'north', i => i < 3), ...people('s', 2, 'south', () => false)]
    expect(insightFor(mixed).shown).toBe(true)
    // Everyone (9) minus North (7) would single out South's two.
    expect(insightFor(mixed, 'north').shown).toBe(false)
    expect(insightFor(mixed, 'south').shown).toBe(false)
    expect(insightFor(mixed, null).shown).toBe(false)
    const balanced = [...mixed, ...people('t', 3, 'south', () => true)]
    expect(insightFor(balanced, 'north').shown).toBe(true)
    expect(insightFor(balanced, 'south').shown).toBe(true)
  })

  it('leaves out an item too few have answered, even in a large group', () => {
    const responses = [...people('n', 6, 'north', () => true), ...people('n', 3, 'north', () => false, 'q2')]
    const insight = insightFor(responses)
    expect(insight.shown && insight.items.map(i => i.item)).toEqual(['q1'])
    expect(insight.shown && insight.hidden).toBe(1)
  })
})

describe('insight', () => {
  it('gives the share wrong and the commonest wrong choice', () => {
    const responses = [r('1', null, 'q', false, 'a'), r('2', null, 'q', false, 'a'), r('3', null, 'q', false, 'b'), r('4', null, 'q', true), r('5', null, 'q', true)]
    const insight = insightFor(responses)
    expect(insight.shown && insight.items[0]).toMatchObject({ item: 'q', learners: 5, wrongShare: 0.6, commonestWrong: 'a' })
  })
})

describe('item analysis', () => {
  it('gives facility, discrimination and how often each choice is picked', () => {
    // Ten learners; the five who get q-easy right also get q-good right; q-bad is got right by the weak ones only.
    const responses: Response[] = []
    for (let i = 0; i < 10; i++) {
      const strong = i < 5
      responses.push(r(`l${i}`, null, 'q-good', strong), r(`l${i}`, null, 'q-easy', true), r(`l${i}`, null, 'q-bad', !strong, strong ? 'b' : 'right'))
      responses.push(r(`l${i}`, null, 'q-extra', strong))
    }
    const stats = Object.fromEntries(itemStatistics(responses).map(s => [s.item, s]))
    expect(stats['q-easy']).toMatchObject({ facility: 1, discrimination: 0 })
    expect(stats['q-good']!.facility).toBe(0.5)
    expect(stats['q-good']!.discrimination).toBe(1)
    expect(stats['q-bad']!.discrimination).toBe(-1)
    expect(stats['q-bad']!.choices).toEqual([{ choice: 'b', count: 5 }, { choice: 'right', count: 5 }])
  })

  it('keys answers so that equal answers match', () => {
    expect(choiceKey({ optionIds: ['c', 'a'] })).toBe(choiceKey({ optionIds: ['a', 'c'] }))
    expect(choiceKey({ choiceId: 'x' })).toBe('x')
    expect(choiceKey({ optionId: 'b' })).toBe('b')
  })
})
