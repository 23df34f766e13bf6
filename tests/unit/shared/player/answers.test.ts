import { describe, expect, it } from 'vitest'
import { missingPart } from '../../../../shared/player/answers'

const matching = { type: 'matching', lefts: [{ id: 'a' }, { id: 'b' }] }

describe('missingPart', () => {
  it.each<[string, { type: string, lefts?: { id: string }[] }, unknown, string | null]>([
    ['single, chosen', { type: 'single' }, { optionId: 'a' }, null],
    ['single, nothing chosen', { type: 'single' }, null, 'Choose an answer.'],
    ['true/false, nothing chosen', { type: 'truefalse' }, {}, 'Choose an answer.'],
    ['multiple, two chosen', { type: 'multiple' }, { optionIds: ['a', 'b'] }, null],
    ['multiple, none chosen', { type: 'multiple' }, { optionIds: [] }, 'Choose at least one answer.'],
    ['ordering, in some order', { type: 'ordering' }, { order: ['b', 'a'] }, null],
    ['ordering, no order', { type: 'ordering' }, null, 'Put the items in order.'],
    ['matching, every item matched', matching, { matches: { a: 'r1', b: 'r2' } }, null],
    ['matching, one item left', matching, { matches: { a: 'r1' } }, 'Choose a match for every item.'],
    ['matching, nothing matched', matching, undefined, 'Choose a match for every item.'],
  ])('%s', (_, question, answer, expected) => {
    expect(missingPart(question, answer)).toBe(expected)
  })
})
