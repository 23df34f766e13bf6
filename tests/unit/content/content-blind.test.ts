import { describe, expect, it } from 'vitest'
import type { Question } from '../../../server/domain/course-progress/course-types'
import { blindReport, goodChoiceLongest } from '../../../scripts/content/blind'
import { pool, quizzes, scenarios } from '../../support/course-content'

// Questions must test the course, not test-taking (issue 17, docs/content-authoring.md): a learner who knows
// nothing and answers by habit (the longest option, the usual position, all but the last box, all but the
// shortest) must not get far. `npm run content:report` prints the same figures in full.

describe('the blind measure itself', () => {
  const option = (id: string, text: string, correct: boolean) => ({ id, text, correct, feedback: 'Why this is so.' })
  const single = (n: number, keyAt: number, keyText: string): Question => ({
    id: `q-${n}`,
    type: 'single',
    prompt: 'What do you do first?',
    explanation: 'e',
    source: 's',
    options: ['Ring the police now', 'Ring the office', 'Wait an hour', 'Text her'].map((t, i) => option(`o${i}`, i === keyAt ? keyText : t, i === keyAt)),
  })

  it('catches a key that is always the longest option', () => {
    const habit = Array.from({ length: 8 }, (_, n) => single(n, n % 4, 'Ring the police now and give them her description'))
    expect(blindReport(habit).longestIsKey).toBe(1)
    expect(blindReport(habit).best).toBe(1)
  })

  it('catches a key that is always in the same place', () => {
    const habit = Array.from({ length: 8 }, (_, n) => single(n, 1, 'Ring them'))
    expect(blindReport(habit).strategies['commonest position'].single).toBe(1)
  })

  it('scores near chance when lengths and positions give nothing away', () => {
    const fair = Array.from({ length: 8 }, (_, n) => single(n, n % 4, ['Ring the police now', 'Ring the office', 'Wait an hour', 'Text her'][n % 4]!))
    expect(blindReport(fair).best).toBeLessThan(0.5)
  })
})

const sets: [string, Question[]][] = [
  ['the section quizzes', quizzes.flatMap(q => q.questions)],
  ['the assessment pool', pool.flatMap(p => p.questions)],
]

describe.each(sets)('%s', (_, questions) => {
  it('cannot be half passed by blind habits, even using the best one for each type of question', () => {
    const report = blindReport(questions)
    expect(report.questions).toBeGreaterThan(0)
    const scores = Object.entries(report.strategies).map(([name, s]) => `${name}: ${Math.round(s.all * 100)}%`).join(', ')
    expect(report.best, `best habit per type ${Math.round(report.best * 100)}% (${scores})`).toBeLessThan(0.5)
  })
})

describe('scenarios', () => {
  it('do not give the good choice away by its length: the longest choice is good in at most 40% of steps', () => {
    const { steps, longestIsGood } = goodChoiceLongest(scenarios)
    expect(steps).toBeGreaterThan(0)
    expect(longestIsGood / steps, `${longestIsGood} of ${steps} steps`).toBeLessThanOrEqual(0.4)
  })
})
