import { describe, expect, it } from 'vitest'
import { ASSESSMENT_PASS_MARK_DEFAULT, drawAssessment, gradeAssessment, hasPassed, poolQuestions, RETAKE_STUDY_SECONDS, retakeGate } from '../../../../server/domain/assessment-completion/assessment'
import { DomainError } from '../../../../server/domain/platform/errors'
import type { PoolFile, Question } from '../../../../server/domain/course-progress/course-types'
import { seededRandom } from '../../../../server/domain/platform/random'

/** A repeatable stand-in for Math.random. */
const seeded = seededRandom

const question = (id: string): Question => ({
  id,
  type: 'single',
  prompt: id,
  explanation: 'e',
  source: 's',
  options: [{ id: 'a', text: 'A', correct: true, feedback: 'f' }, { id: 'b', text: 'B', correct: false, feedback: 'f' }],
})

/** A pool file for section `section` with `size` questions fa-<section>-1 … */
const file = (section: string, size: number, from = 1): PoolFile =>
  ({ section, questions: Array.from({ length: size }, (_, i) => question(`fa-${section}-${from + i}`)) })

const sectionOf = (id: string) => id.split('-')[1]!

function countBySection(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const id of ids) counts.set(sectionOf(id), (counts.get(sectionOf(id)) ?? 0) + 1)
  return counts
}

// 14 questions in sections of 3, 4, 5 and 2.
const pool = [file('s1', 3), file('s2', 4), file('s3', 5), file('s4', 2)]
const sizes = new Map([['s1', 3], ['s2', 4], ['s3', 5], ['s4', 2]])
const seeds = Array.from({ length: 200 }, (_, i) => i + 1)

describe('drawAssessment', () => {
  it.each([
    [0, 0],
    [1, 1],
    [4, 4],
    [7, 7],
    [14, 14],
    [15, 14], // more than the pool holds
    [1_000, 14],
    [-3, 0],
    [Number.NaN, 0],
    [5.9, 5],
  ])('asked for %d, draws %d', (count, length) => {
    expect(drawAssessment(pool, count, seeded(1))).toHaveLength(length)
  })

  it('never draws a question twice', () => {
    for (const seed of seeds) {
      for (const count of [5, 10, 14, 20]) {
        const ids = drawAssessment(pool, count, seeded(seed))
        expect(new Set(ids).size).toBe(ids.length)
      }
    }
  })

  it('draws every question when asked for more than the pool', () => {
    expect(drawAssessment(pool, 50, seeded(7)).sort()).toEqual(pool.flatMap(f => f.questions.map(q => q.id)).sort())
  })

  it('spreads questions across sections as evenly as possible', () => {
    for (const seed of seeds) {
      for (let count = 1; count <= 14; count++) {
        const counts = countBySection(drawAssessment(pool, count, seeded(seed)))
        const drawn = (s: string) => counts.get(s) ?? 0
        // A section holds at most one more than any other, unless the other has run out.
        for (const [a] of sizes) {
          for (const [b, sizeB] of sizes) {
            if (drawn(b) < sizeB) expect(drawn(a)).toBeLessThanOrEqual(drawn(b) + 1)
          }
        }
        if (count >= sizes.size) expect(counts.size).toBe(sizes.size)
      }
    }
  })

  it('treats files for the same section as one section, and counts a repeated id once', () => {
    const split = [file('s1', 2), file('s1', 2, 3), file('s2', 1), { section: 's2', questions: [question('fa-s2-1')] }]
    for (const seed of seeds) {
      const ids = drawAssessment(split, 4, seeded(seed))
      // s2 has one distinct question, so s1 supplies the rest.
      expect(Object.fromEntries(countBySection(ids))).toEqual({ s1: 3, s2: 1 })
    }
  })

  it('chooses sections and questions at random', () => {
    const firsts = new Set(seeds.map(seed => sectionOf(drawAssessment(pool, 4, seeded(seed))[0]!)))
    expect(firsts.size).toBe(4)
    const seen = new Set(seeds.flatMap(seed => drawAssessment(pool, 4, seeded(seed))))
    expect(seen.size).toBe(14)
  })

  it('is repeatable for the same random sequence', () => {
    expect(drawAssessment(pool, 9, seeded(99))).toEqual(drawAssessment(pool, 9, seeded(99)))
  })

  it('copes with a random source that returns the edges of its range', () => {
    for (const random of [() => 0, () => 0.999_999_999_9, () => 1, () => Number.NaN]) {
      const ids = drawAssessment(pool, 14, random)
      expect(new Set(ids).size).toBe(14)
    }
  })

  it('avoids the previous draw when the pool has enough other questions', () => {
    // Nine sections of four, fifteen drawn: like the real course, with a larger pool.
    const big = Array.from({ length: 9 }, (_, i) => file(`s${i + 1}`, 4))
    for (const seed of seeds) {
      const random = seeded(seed)
      const first = drawAssessment(big, 15, random)
      const second = drawAssessment(big, 15, random, first)
      expect(second).toHaveLength(15)
      expect(second.filter(id => first.includes(id))).toEqual([])
      expect(new Set(second).size).toBe(15)
    }
  })

  it('repeats a previous question only when a section has nothing else, and gives extras to sections that do', () => {
    // s1's questions were all drawn last time; s2 has one fresh question; s3 has two.
    const small = [file('s1', 2), file('s2', 2), file('s3', 2)]
    const avoid = ['fa-s1-1', 'fa-s1-2', 'fa-s2-1']
    for (const seed of seeds) {
      const ids = drawAssessment(small, 4, seeded(seed), avoid)
      const repeats = ids.filter(id => avoid.includes(id))
      expect(repeats).toHaveLength(1)
      expect(sectionOf(repeats[0]!)).toBe('s1')
      expect(Object.fromEntries(countBySection(ids))).toEqual({ s1: 1, s2: 1, s3: 2 })
    }
  })

  it('draws from an empty pool without complaint', () => {
    expect(drawAssessment([], 15, seeded(1))).toEqual([])
  })
})

describe('hasPassed', () => {
  it.each([
    [80, 80, true],
    [79, 80, false],
    [100, 80, true],
    [0, 80, false],
    [50, 50, true],
  ])('%d%% against a mark of %d%%: %s', (percent, passMark, passed) => {
    expect(hasPassed(percent, passMark)).toBe(passed)
  })

  it('defaults to 80%', () => {
    expect(ASSESSMENT_PASS_MARK_DEFAULT).toBe(80)
  })
})

describe('poolQuestions', () => {
  it('indexes every question once, the first copy winning', () => {
    const copy = { ...question('fa-s1-1'), prompt: 'a second copy' }
    const byId = poolQuestions([file('s1', 2), { section: 's2', questions: [copy] }])
    expect([...byId.keys()]).toEqual(['fa-s1-1', 'fa-s1-2'])
    expect(byId.get('fa-s1-1')!.prompt).toBe('fa-s1-1')
  })
})

describe('gradeAssessment', () => {
  // Ten single-choice questions whose right option is "a".
  const ten = Array.from({ length: 10 }, (_, i) => question(`fa-s1-${i + 1}`))
  const answers = (rightCount: number) => Object.fromEntries(ten.map((q, i) => [q.id, { optionId: i < rightCount ? 'a' : 'b' }]))

  it.each([
    [10, 100, true],
    [8, 80, true],
    [7, 70, false],
    [0, 0, false],
  ])('%d of 10 right → %d%%, passed: %s', (right, percent, passed) => {
    const result = gradeAssessment(ten, answers(right), 80)
    expect(result.scorePercent).toBe(percent)
    expect(result.passed).toBe(passed)
    expect(result.review).toHaveLength(10)
    expect(result.review.filter(r => r.verdict !== 'right')).toHaveLength(10 - right)
    expect(result.missed).toHaveLength(10 - right)
  })

  const section = (id: string) => ({ id: 's1', title: `Section of ${id}` })

  it('reviews each question with its verdict; a missed one with the point and the section to read again', () => {
    const { review } = gradeAssessment(ten.slice(8), { 'fa-s1-9': { optionId: 'a' }, 'fa-s1-10': { optionId: 'b' } }, 80, section)
    expect(review).toEqual([
      { questionId: 'fa-s1-9', prompt: 'fa-s1-9', verdict: 'right' },
      { questionId: 'fa-s1-10', prompt: 'fa-s1-10', verdict: 'not-right', explanation: 'e', section: { id: 's1', title: 'Section of fa-s1-10' } },
    ])
  })

  it('never says in the review which answer was keyed, or how each option was marked', () => {
    const { review } = gradeAssessment(ten, answers(3), 80, section)
    const json = JSON.stringify(review)
    for (const word of ['"correct"', 'correctAnswer', '"feedback"', '"options"', '"optionId"', '"score"', '"source"']) expect(json).not.toContain(word)
  })

  it('keeps partial credit in the mark, and reviews a partly right answer', () => {
    const multiple: Question = {
      id: 'fa-s2-1',
      type: 'multiple',
      prompt: 'p',
      explanation: 'e',
      source: 's',
      options: [{ id: 'a', text: 'A', correct: true, feedback: 'f' }, { id: 'b', text: 'B', correct: true, feedback: 'f' }, { id: 'c', text: 'C', correct: false, feedback: 'f' }],
    }
    const result = gradeAssessment([multiple, question('fa-s1-1')], { 'fa-s2-1': { optionIds: ['a'] }, 'fa-s1-1': { optionId: 'a' } }, 80)
    expect(result.scorePercent).toBe(75) // (0.5 + 1) / 2
    expect(result.passed).toBe(false)
    expect(result.review.map(r => [r.questionId, r.verdict])).toEqual([['fa-s2-1', 'partly-right'], ['fa-s1-1', 'right']])
  })

  it('returns the answers in canonical form, ignoring answers to questions not drawn', () => {
    const result = gradeAssessment(ten.slice(0, 1), { 'fa-s1-1': { optionId: 'a', extra: 1 }, 'not-drawn': { optionId: 'a' } }, 80)
    expect(result.answers).toEqual({ 'fa-s1-1': { optionId: 'a' } })
  })

  it.each<[string, unknown]>([
    ['a question left unanswered', { 'fa-s1-1': { optionId: 'a' } }],
    ['an answer of the wrong shape', { 'fa-s1-1': { optionId: 'a' }, 'fa-s1-2': { optionIds: ['a'] } }],
    ['an option that does not exist', { 'fa-s1-1': { optionId: 'a' }, 'fa-s1-2': { optionId: 'z' } }],
    ['answers that are not an object', ['a', 'b']],
  ])('refuses %s', (_, given) => {
    expect(() => gradeAssessment(ten.slice(0, 2), given as Record<string, unknown>, 80)).toThrow(DomainError)
  })

  it('says how many questions still need an answer', () => {
    expect(() => gradeAssessment(ten, {}, 80)).toThrow(/10 still need an answer/)
  })
})

describe('retakeGate', () => {
  const now = new Date('2026-12-05T12:00:00Z')
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000)
  const fail = { submittedAt: hoursAgo(1), sections: [{ id: 's2', title: 'Two' }, { id: 's5', title: 'Five' }] }

  it('is open when there is no fail to study for and few attempts', () => {
    expect(retakeGate({ lastFail: null, studiedSince: 0, startedAt: [], now })).toEqual({ open: true, study: null, notBefore: null })
  })

  it('after a fail, waits for 5 minutes of credited time in the sections missed, and says which', () => {
    expect(RETAKE_STUDY_SECONDS).toBe(300)
    expect(retakeGate({ lastFail: fail, studiedSince: 0, startedAt: [hoursAgo(2)], now })).toEqual({ open: false, study: { sections: fail.sections, secondsLeft: 300 }, notBefore: null })
    expect(retakeGate({ lastFail: fail, studiedSince: 299, startedAt: [hoursAgo(2)], now })).toMatchObject({ open: false, study: { secondsLeft: 1 } })
    expect(retakeGate({ lastFail: fail, studiedSince: 300, startedAt: [hoursAgo(2)], now })).toEqual({ open: true, study: null, notBefore: null })
  })

  it('lets at most 3 attempts start in any 24 hours, and says when the next may', () => {
    const three = [hoursAgo(23), hoursAgo(5), hoursAgo(2)]
    expect(retakeGate({ lastFail: null, studiedSince: 0, startedAt: three, now })).toEqual({ open: false, study: null, notBefore: new Date(hoursAgo(23).getTime() + 24 * 3600_000).toISOString() })
    // Once the oldest of them is 24 hours old, a place frees up.
    expect(retakeGate({ lastFail: null, studiedSince: 0, startedAt: [hoursAgo(24), hoursAgo(5), hoursAgo(2)], now }).open).toBe(true)
    expect(retakeGate({ lastFail: null, studiedSince: 0, startedAt: [hoursAgo(30), hoursAgo(25), hoursAgo(5), hoursAgo(2)], now }).open).toBe(true)
  })

  it('names both reasons when both hold', () => {
    const gate = retakeGate({ lastFail: fail, studiedSince: 60, startedAt: [hoursAgo(3), hoursAgo(2), hoursAgo(1)], now })
    expect(gate.open).toBe(false)
    expect(gate.study).toEqual({ sections: fail.sections, secondsLeft: 240 })
    expect(gate.notBefore).toBe(new Date(hoursAgo(3).getTime() + 24 * 3600_000).toISOString())
  })
})
