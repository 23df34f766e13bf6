import { describe, expect, it } from 'vitest'
import type { MatchingQuestion, MultipleQuestion, OrderingQuestion, Question, SingleQuestion, TrueFalseQuestion } from '../../../../server/domain/course-progress/course-types'
import { DomainError } from '../../../../server/domain/platform/errors'
import {
  type Answer,
  type GradedQuestion,
  gradeQuestion,
  matchingRights,
  parseAnswer,
  publicQuestion,
  type PublicQuestion,
  scoreAttempt,
} from '../../../../server/domain/assessment-completion/grading'
import { keyedSeeds } from '../../../../server/domain/course-progress/shuffle'

const base = (id: string) => ({
  id,
  prompt: `Prompt of ${id}`,
  explanation: `EXPLANATION-${id}: why the answer is right.`,
  source: `SOURCE-${id}: Department for Testing (2026)`,
})

const opt = (id: string, correct: boolean, text = `Option ${id}`) => ({ id, text, correct, feedback: `FEEDBACK-option-${id}` })

const single: SingleQuestion = { ...base('q-single'), type: 'single', options: [opt('a', false), opt('b', true), opt('c', false)] }

const trueFalse: TrueFalseQuestion = {
  ...base('q-tf'),
  type: 'truefalse',
  options: [opt('true', false, 'True'), opt('false', true, 'False')],
}

// Three options are right, two are wrong.
const multiple: MultipleQuestion = {
  ...base('q-multi'),
  type: 'multiple',
  options: [opt('a', true), opt('b', true), opt('c', true), opt('d', false), opt('e', false)],
}

// Authored in the correct order: a, b, c, d.
const ordering: OrderingQuestion = {
  ...base('q-order'),
  type: 'ordering',
  items: ['a', 'b', 'c', 'd'].map(id => ({ id, text: `Step ${id}`, feedback: `FEEDBACK-item-${id}` })),
}

// Two pairs share Push and two share Pull: rights are r1 = Pull, r2 = Push.
const pushPull: MatchingQuestion = {
  ...base('q-push-pull'),
  type: 'matching',
  pairs: [
    { id: 'a', left: 'Family conflict', right: 'Push', feedback: 'FEEDBACK-pair-a' },
    { id: 'b', left: 'County lines recruitment', right: 'Pull', feedback: 'FEEDBACK-pair-b' },
    { id: 'c', left: 'Bullying', right: 'Push', feedback: 'FEEDBACK-pair-c' },
    { id: 'd', left: 'Peer pressure', right: 'Pull', feedback: 'FEEDBACK-pair-d' },
  ],
}

// Every right is different: r1 = Average, r2 = Incidents, r3 = Still missing.
const figures: MatchingQuestion = {
  ...base('q-figures'),
  type: 'matching',
  pairs: [
    { id: 'x', left: '86,900', right: 'Incidents', feedback: 'FEEDBACK-pair-x' },
    { id: 'y', left: '6.8', right: 'Average', feedback: 'FEEDBACK-pair-y' },
    { id: 'z', left: '220', right: 'Still missing', feedback: 'FEEDBACK-pair-z' },
  ],
}

const allQuestions: Question[] = [single, trueFalse, multiple, ordering, pushPull, figures]

function expectInvalid(fn: () => unknown): DomainError {
  try {
    fn()
  }
  catch (e) {
    expect(e).toBeInstanceOf(DomainError)
    expect((e as DomainError).kind).toBe('invalid')
    expect((e as DomainError).message.length).toBeGreaterThan(0)
    return e as DomainError
  }
  throw new Error('expected DomainError(invalid), but nothing was thrown')
}

describe('matchingRights', () => {
  it('lists each distinct right once, alphabetically, as r1, r2, …', () => {
    expect(matchingRights(pushPull)).toEqual([{ id: 'r1', text: 'Pull' }, { id: 'r2', text: 'Push' }])
    expect(matchingRights(figures)).toEqual([
      { id: 'r1', text: 'Average' },
      { id: 'r2', text: 'Incidents' },
      { id: 'r3', text: 'Still missing' },
    ])
  })

  it('does not depend on the order the pairs were written in', () => {
    const reversed = { ...pushPull, pairs: [...pushPull.pairs].reverse() }
    expect(matchingRights(reversed)).toEqual(matchingRights(pushPull))
  })

  it('sorts as English readers expect, not by character code', () => {
    const q = { pairs: ['cherry', 'Banana', 'apple'].map((right, i) => ({ id: `p${i}`, left: `L${i}`, right, feedback: 'f' })) }
    expect(matchingRights(q).map(r => r.text)).toEqual(['apple', 'Banana', 'cherry'])
  })
})

describe('parseAnswer accepts complete answers', () => {
  it.each<[string, Question, unknown, Answer]>([
    ['single', single, { optionId: 'b' }, { optionId: 'b' }],
    ['single, wrong but valid', single, { optionId: 'a' }, { optionId: 'a' }],
    ['true/false', trueFalse, { optionId: 'true' }, { optionId: 'true' }],
    ['multiple', multiple, { optionIds: ['e', 'a'] }, { optionIds: ['e', 'a'] }],
    ['ordering', ordering, { order: ['d', 'c', 'b', 'a'] }, { order: ['d', 'c', 'b', 'a'] }],
    ['matching', pushPull, { matches: { d: 'r1', c: 'r1', b: 'r1', a: 'r1' } }, { matches: { a: 'r1', b: 'r1', c: 'r1', d: 'r1' } }],
    ['extra keys are dropped', single, { optionId: 'c', optionIds: ['a'], note: 'x' }, { optionId: 'c' }],
  ])('%s', (_, q, raw, expected) => {
    expect(parseAnswer(q, raw)).toEqual(expected)
  })
})

describe('parseAnswer rejects anything else with DomainError(invalid)', () => {
  const huge = 'a'.repeat(1_000_000)
  const many = Array.from({ length: 10_000 }, (_, i) => `id-${i}`)
  const manyKeys = Object.fromEntries(many.map(id => [id, 'r1']))
  const deep = JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) as unknown

  it.each<[string, Question, unknown]>([
    ['null', single, null],
    ['undefined', single, undefined],
    ['a string', single, 'b'],
    ['a number', single, 2],
    ['an array', single, [{ optionId: 'b' }]],
    ['deeply nested arrays', multiple, deep],
    ['single: no optionId', single, {}],
    ['single: optionIds instead of optionId', single, { optionIds: ['b'] }],
    ['single: unknown option', single, { optionId: 'z' }],
    ['single: empty id', single, { optionId: '' }],
    ['single: id as a number', single, { optionId: 1 }],
    ['single: id as an object', single, { optionId: { id: 'b' } }],
    ['single: a 1 MB string', single, { optionId: huge }],
    ['single: inherited property only', single, Object.create({ optionId: 'b' }) as unknown],
    ['true/false: a boolean instead of the id', trueFalse, { optionId: true }],
    ['true/false: unknown option', trueFalse, { optionId: 'maybe' }],
    ['multiple: empty selection', multiple, { optionIds: [] }],
    ['multiple: one id instead of a list', multiple, { optionIds: 'a' }],
    ['multiple: optionId instead of optionIds', multiple, { optionId: 'a' }],
    ['multiple: duplicate ids', multiple, { optionIds: ['a', 'a'] }],
    ['multiple: unknown id', multiple, { optionIds: ['a', 'z'] }],
    ['multiple: nested list', multiple, { optionIds: [['a']] }],
    ['multiple: null entry', multiple, { optionIds: ['a', null] }],
    ['multiple: 10,000 ids', multiple, { optionIds: many }],
    ['multiple: a 1 MB id', multiple, { optionIds: [huge] }],
    ['ordering: an item missing', ordering, { order: ['a', 'b', 'c'] }],
    ['ordering: an item repeated', ordering, { order: ['a', 'b', 'c', 'c'] }],
    ['ordering: an unknown item', ordering, { order: ['a', 'b', 'c', 'z'] }],
    ['ordering: an item too many', ordering, { order: ['a', 'b', 'c', 'd', 'e'] }],
    ['ordering: empty', ordering, { order: [] }],
    ['ordering: an object instead of a list', ordering, { order: { 0: 'a', 1: 'b', 2: 'c', 3: 'd' } }],
    ['ordering: 10,000 items', ordering, { order: many }],
    ['matching: a pair missing', pushPull, { matches: { a: 'r2', b: 'r1', c: 'r2' } }],
    ['matching: an unknown pair', pushPull, { matches: { a: 'r2', b: 'r1', c: 'r2', d: 'r1', e: 'r1' } }],
    ['matching: an unknown right', pushPull, { matches: { a: 'r2', b: 'r1', c: 'r2', d: 'r3' } }],
    ['matching: right text instead of its id', pushPull, { matches: { a: 'Push', b: 'Pull', c: 'Push', d: 'Pull' } }],
    ['matching: a list of rights', pushPull, { matches: ['r2', 'r1', 'r2', 'r1'] }],
    ['matching: two rights for one pair', pushPull, { matches: { a: ['r1', 'r2'], b: 'r1', c: 'r2', d: 'r1' } }],
    ['matching: null', pushPull, { matches: null }],
    ['matching: no matches', pushPull, {}],
    ['matching: __proto__ as a pair id', pushPull, JSON.parse('{"matches":{"__proto__":"r1","a":"r2","b":"r1","c":"r2"}}')],
    ['matching: 10,000 pairs', pushPull, { matches: manyKeys }],
    ['matching: a 1 MB right id', pushPull, { matches: { a: huge, b: 'r1', c: 'r2', d: 'r1' } }],
  ])('%s', (_, q, raw) => {
    expectInvalid(() => parseAnswer(q, raw))
  })

  it('says what is wrong in words', () => {
    expect(expectInvalid(() => parseAnswer(multiple, { optionIds: [] })).message).toBe('Choose at least one option.')
    expect(expectInvalid(() => parseAnswer(pushPull, { matches: { a: 'r1' } })).message).toBe('Match every item on the left.')
    expect(expectInvalid(() => parseAnswer(single, { optionId: 'z' })).message).toBe('"z" is not one of the options.')
  })

  it('never throws anything else, whatever junk arrives', () => {
    // A small fixed-seed generator of odd JSON-like values.
    let seed = 42
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
    const junk = (depth: number): unknown => {
      const pick = Math.floor(rand() * 9)
      if (depth > 3 || pick === 0) return ['a', 'b', 'r1', 'true', '', 0, 1.5, null, true, 'x'.repeat(200)][Math.floor(rand() * 10)]
      if (pick < 4) return Array.from({ length: Math.floor(rand() * 6) }, () => junk(depth + 1))
      const keys = ['optionId', 'optionIds', 'order', 'matches', 'a', 'b', 'c', 'd', 'x']
      return Object.fromEntries(keys.filter(() => rand() < 0.4).map(k => [k, junk(depth + 1)]))
    }
    for (let i = 0; i < 2_000; i++) {
      const raw = junk(0)
      for (const q of allQuestions) {
        try {
          parseAnswer(q, raw)
        }
        catch (e) {
          expect(e).toBeInstanceOf(DomainError)
        }
      }
    }
  })
})

describe('gradeQuestion: single choice and true/false', () => {
  it.each<[Question, string, number]>([
    [single, 'b', 1],
    [single, 'a', 0],
    [single, 'c', 0],
    [trueFalse, 'false', 1],
    [trueFalse, 'true', 0],
  ])('%# %s: %s scores %d', (q, optionId, score) => {
    const graded = gradeQuestion(q, { optionId })
    expect(graded.score).toBe(score)
    expect(graded.correct).toBe(score === 1)
  })

  it('gives feedback on every option, marking the one chosen and the right one', () => {
    expect(gradeQuestion(single, { optionId: 'a' })).toEqual({
      questionId: 'q-single',
      score: 0,
      correct: false,
      explanation: single.explanation,
      source: single.source,
      feedback: [
        { id: 'a', text: 'FEEDBACK-option-a', chosen: true, correct: false },
        { id: 'b', text: 'FEEDBACK-option-b', chosen: false, correct: true },
        { id: 'c', text: 'FEEDBACK-option-c', chosen: false, correct: false },
      ],
      correctAnswer: { optionId: 'b' },
    })
  })
})

describe('gradeQuestion: multiple choice gives partial credit', () => {
  // Three right (a, b, c), two wrong (d, e): each right pick earns 1/3, each wrong pick takes 1/3 back.
  it.each<[string[], number]>([
    [['a', 'b', 'c'], 1],
    [['c', 'b', 'a'], 1],
    [['a', 'b'], 0.6667],
    [['a'], 0.3333],
    [['a', 'b', 'c', 'd'], 0.6667],
    [['a', 'b', 'd'], 0.3333],
    [['a', 'b', 'c', 'd', 'e'], 0.3333],
    [['a', 'd'], 0],
    [['a', 'd', 'e'], 0], // never below zero
    [['d'], 0],
    [['d', 'e'], 0],
  ])('%j scores %d', (optionIds, score) => {
    const graded = gradeQuestion(multiple, { optionIds })
    expect(graded.score).toBe(score)
    expect(graded.correct).toBe(score === 1)
  })

  it('gives feedback on every option and the full key', () => {
    const graded = gradeQuestion(multiple, { optionIds: ['a', 'd'] })
    expect(graded.feedback.map(f => [f.id, f.chosen, f.correct])).toEqual([
      ['a', true, true],
      ['b', false, true],
      ['c', false, true],
      ['d', true, false],
      ['e', false, false],
    ])
    expect(graded.feedback.map(f => f.text)).toEqual(multiple.options.map(o => o.feedback))
    expect(graded.correctAnswer).toEqual({ optionIds: ['a', 'b', 'c'] })
  })

  it('gives full marks to a single right answer when only one is right', () => {
    const oneRight: MultipleQuestion = { ...multiple, options: [opt('a', true), opt('b', false), opt('c', false)] }
    expect(gradeQuestion(oneRight, { optionIds: ['a'] }).score).toBe(1)
    expect(gradeQuestion(oneRight, { optionIds: ['a', 'b'] }).score).toBe(0)
  })
})

describe('gradeQuestion: ordering gives credit for each item in its place', () => {
  it.each<[string[], number, boolean[]]>([
    [['a', 'b', 'c', 'd'], 1, [true, true, true, true]],
    [['b', 'a', 'c', 'd'], 0.5, [false, false, true, true]],
    [['a', 'c', 'b', 'd'], 0.5, [true, false, false, true]],
    [['a', 'b', 'd', 'c'], 0.5, [true, true, false, false]],
    [['a', 'd', 'c', 'b'], 0.5, [true, false, true, false]],
    [['b', 'c', 'd', 'a'], 0, [false, false, false, false]], // each one place out is still out of place
    [['d', 'c', 'b', 'a'], 0, [false, false, false, false]],
  ])('%j scores %d', (order, score, inPlace) => {
    const graded = gradeQuestion(ordering, { order })
    expect(graded.score).toBe(score)
    expect(graded.correct).toBe(score === 1)
    // Feedback follows the correct order, one entry per item.
    expect(graded.feedback).toEqual(ordering.items.map((item, i) => ({ id: item.id, text: item.feedback, chosen: true, correct: inPlace[i] })))
    expect(graded.correctAnswer).toEqual({ order: ['a', 'b', 'c', 'd'] })
  })

  it('rounds thirds to 4 decimals', () => {
    const three: OrderingQuestion = { ...ordering, items: ordering.items.slice(0, 3) }
    expect(gradeQuestion(three, { order: ['a', 'c', 'b'] }).score).toBe(0.3333)
  })
})

describe('gradeQuestion: matching compares the chosen right text', () => {
  // r1 = Pull, r2 = Push. a and c are Push, b and d are Pull.
  it.each<[Record<string, string>, number, boolean[]]>([
    [{ a: 'r2', b: 'r1', c: 'r2', d: 'r1' }, 1, [true, true, true, true]],
    [{ a: 'r2', b: 'r2', c: 'r2', d: 'r2' }, 0.5, [true, false, true, false]],
    [{ a: 'r1', b: 'r1', c: 'r1', d: 'r1' }, 0.5, [false, true, false, true]],
    [{ a: 'r2', b: 'r1', c: 'r2', d: 'r2' }, 0.75, [true, true, true, false]],
    [{ a: 'r1', b: 'r2', c: 'r1', d: 'r2' }, 0, [false, false, false, false]],
  ])('Push/Pull %j scores %d', (matches, score, matched) => {
    const graded = gradeQuestion(pushPull, { matches })
    expect(graded.score).toBe(score)
    expect(graded.correct).toBe(score === 1)
    expect(graded.feedback).toEqual(pushPull.pairs.map((p, i) => ({ id: p.id, text: p.feedback, chosen: true, correct: matched[i] })))
  })

  it('gives the key as pair → right id, shared rights included', () => {
    expect(gradeQuestion(pushPull, { matches: { a: 'r1', b: 'r1', c: 'r1', d: 'r1' } }).correctAnswer)
      .toEqual({ matches: { a: 'r2', b: 'r1', c: 'r2', d: 'r1' } })
  })

  it.each<[Record<string, string>, number]>([
    [{ x: 'r2', y: 'r1', z: 'r3' }, 1],
    [{ x: 'r2', y: 'r3', z: 'r1' }, 0.3333],
    [{ x: 'r2', y: 'r1', z: 'r1' }, 0.6667],
    [{ x: 'r1', y: 'r3', z: 'r2' }, 0],
  ])('distinct rights %j scores %d', (matches, score) => {
    expect(gradeQuestion(figures, { matches }).score).toBe(score)
  })
})

describe('gradeQuestion', () => {
  it.each(allQuestions.map(q => [q.id, q] as const))('%s: its own key earns full marks', (_, q) => {
    const key = gradeQuestion(q, parseAnswer(q, firstAnswer(q))).correctAnswer
    const graded = gradeQuestion(q, key)
    expect(graded).toMatchObject({ questionId: q.id, score: 1, correct: true, explanation: q.explanation, source: q.source })
  })

  it('refuses an answer that does not fit the question', () => {
    expectInvalid(() => gradeQuestion(multiple, { optionId: 'a' }))
    expectInvalid(() => gradeQuestion(single, { optionIds: ['b'] }))
    expectInvalid(() => gradeQuestion(ordering, { order: ['a', 'b'] }))
    expectInvalid(() => gradeQuestion(pushPull, { matches: { a: 'Push' } }))
  })
})

/** Some valid answer to any question, used only to fetch its key. */
function firstAnswer(q: Question): Answer {
  switch (q.type) {
    case 'ordering': return { order: q.items.map(i => i.id) }
    case 'matching': return { matches: Object.fromEntries(q.pairs.map(p => [p.id, 'r1'])) }
    case 'multiple': return { optionIds: [q.options[0]!.id] }
    default: return { optionId: q.options[0]!.id }
  }
}

describe('publicQuestion', () => {
  it.each(allQuestions.map(q => [q.id, q] as const))('%s leaks no key, feedback, explanation or source', (_, q) => {
    const json = JSON.stringify(publicQuestion(q))
    expect(json).not.toContain('"correct"')
    expect(json).not.toContain('"feedback"')
    expect(json).not.toContain(q.explanation)
    expect(json).not.toContain(q.source)
    expect(json).not.toContain('FEEDBACK-')
    const feedbacks = 'options' in q ? q.options.map(o => o.feedback) : 'items' in q ? q.items.map(i => i.feedback) : q.pairs.map(p => p.feedback)
    for (const f of feedbacks) expect(json).not.toContain(f)
  })

  // Two learners' seeds, as the server derives them (a keyed hash of the enrolment and the question id).
  const learnerA = keyedSeeds('test-secret', 'enrolment-a')
  const learnerB = keyedSeeds('test-secret', 'enrolment-b')
  const ids = (p: PublicQuestion) => ('options' in p ? p.options : 'items' in p ? p.items : p.lefts).map(x => x.id)

  it('shows every option once, with its own words, in an order that depends on the learner', () => {
    const shown = publicQuestion(single, learnerA)
    expect(shown).toMatchObject({ id: 'q-single', type: 'single', prompt: 'Prompt of q-single' })
    if (shown.type !== 'single') throw new Error('not single')
    expect([...shown.options].sort((a, b) => a.id.localeCompare(b.id))).toEqual([{ id: 'a', text: 'Option a' }, { id: 'b', text: 'Option b' }, { id: 'c', text: 'Option c' }])
    expect(publicQuestion(trueFalse, learnerA)).toMatchObject({ type: 'truefalse', options: expect.arrayContaining([{ id: 'true', text: 'True' }, { id: 'false', text: 'False' }]) })
  })

  it('keeps the same order for the same learner on every request', () => {
    for (const q of allQuestions) {
      expect(ids(publicQuestion(q, learnerA))).toEqual(ids(publicQuestion(structuredClone(q), keyedSeeds('test-secret', 'enrolment-a'))))
    }
  })

  it('shows options, ordering items and matching lefts in different orders to different learners', () => {
    // With 5 options there are 120 orders: across 40 learners the multiple-choice options take many of them.
    for (const q of [multiple, ordering, pushPull]) {
      const orders = new Set(Array.from({ length: 40 }, (_, n) => ids(publicQuestion(q, keyedSeeds('test-secret', `enrolment-${n}`))).join()))
      expect(orders.size, q.id).toBeGreaterThan(5)
    }
    expect(ids(publicQuestion(multiple, learnerA))).not.toEqual(ids(publicQuestion(multiple, learnerB)))
  })

  it('puts the key in every position about equally often across learners', () => {
    const positions = [0, 0, 0, 0, 0]
    for (let n = 0; n < 1000; n++) {
      const shown = publicQuestion({ ...multiple, options: multiple.options.map(o => ({ ...o, correct: o.id === 'a' })) }, keyedSeeds('s', `e-${n}`))
      positions[ids(shown).indexOf('a')]! += 1
    }
    for (const count of positions) expect(count).toBeGreaterThan(150)
  })

  it('depends on the server secret, not only on ids a learner could know', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, n) => ids(publicQuestion(multiple, keyedSeeds(`secret-${n}`, 'enrolment-a'))).join()))
    expect(orders.size).toBeGreaterThan(5)
  })

  it('shows matching rights as matchingRights, whatever the learner', () => {
    expect(publicQuestion(pushPull, learnerA)).toMatchObject({
      id: 'q-push-pull',
      type: 'matching',
      prompt: 'Prompt of q-push-pull',
      lefts: expect.arrayContaining([{ id: 'a', text: 'Family conflict' }, { id: 'd', text: 'Peer pressure' }]),
      rights: [{ id: 'r1', text: 'Pull' }, { id: 'r2', text: 'Push' }],
    })
  })

  it('grades by id, whatever order the learner saw', () => {
    const shown = publicQuestion(single, learnerB)
    if (shown.type !== 'single') throw new Error('not single')
    expect(gradeQuestion(single, { optionId: 'b' }).correct).toBe(true)
    expect(shown.options.map(o => gradeQuestion(single, { optionId: o.id }).correct).filter(Boolean)).toHaveLength(1)
  })

  const orderingOf = (id: string, size: number): OrderingQuestion => ({
    ...ordering,
    id,
    items: Array.from({ length: size }, (_, i) => ({ id: `i${i}`, text: `Item ${i}`, feedback: `f${i}` })),
  })
  const shownOrder = (q: Question) => {
    const p = publicQuestion(q)
    if (p.type !== 'ordering') throw new Error('not an ordering question')
    return p.items.map(i => i.id)
  }

  it('shuffles ordering items the same way every time for the same question id and learner', () => {
    const first = shownOrder(ordering)
    expect(shownOrder(ordering)).toEqual(first)
    expect(shownOrder(structuredClone(ordering))).toEqual(first)
    expect([...first].sort()).toEqual(['a', 'b', 'c', 'd'])
    const p = publicQuestion(ordering)
    expect(p).toMatchObject({ id: 'q-order', type: 'ordering', prompt: 'Prompt of q-order' })
    if (p.type === 'ordering') for (const item of p.items) expect(item).toEqual({ id: item.id, text: `Step ${item.id}` })
  })

  it('never shows ordering items in the correct order, and shows every item once', () => {
    for (let size = 2; size <= 8; size++) {
      for (let n = 0; n < 300; n++) {
        const q = orderingOf(`q-s${size}-${n}`, size)
        const shown = shownOrder(q)
        expect(shown).not.toEqual(q.items.map(i => i.id))
        expect([...shown].sort()).toEqual(q.items.map(i => i.id).sort())
      }
    }
  })

  it('shuffles different questions differently', () => {
    const orders = new Set(Array.from({ length: 50 }, (_, n) => shownOrder(orderingOf(`q-${n}`, 5)).join()))
    expect(orders.size).toBeGreaterThan(10)
  })
})

describe('scoreAttempt', () => {
  const graded = (score: number): GradedQuestion => ({
    questionId: 'q',
    score,
    correct: score === 1,
    explanation: '',
    source: '',
    feedback: [],
    correctAnswer: { optionId: 'a' },
  })

  it.each<[number[], number, number]>([
    [[], 0, 0],
    [[1], 1, 100],
    [[0], 0, 0],
    [[1, 0], 0.5, 50],
    [[1, 0.6667, 0], 0.5555, 55], // rounded down, like the per cent
    [[...Array<number>(12).fill(1), 0, 0, 0], 0.8, 80], // 12 of 15: exactly the pass mark
    [[...Array<number>(11).fill(1), 0.9999, 0, 0, 0], 0.7999, 79], // never rounded up to a pass
    [[0.29], 0.29, 29], // 0.29 * 100 is 28.999… in floating point
    [[0.57, 0.58], 0.575, 57],
    [[0.3333, 0.3333, 0.3334], 0.3333, 33],
  ])('%j → score %d, %d%%', (scores, score, percent) => {
    expect(scoreAttempt(scores.map(graded))).toEqual({ score, percent })
  })
})
