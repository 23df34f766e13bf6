import { describe, expect, it } from 'vitest'
import type { Question, Scenario } from '../../../server/domain/course-progress/course-types'
import { loadContent } from '../../../scripts/content/load'
import { decisionRange, minutesTolerance, questionMinutes, scanPage, scenarioMinutes, sectionMinutes, TIME_MODEL } from '../../../scripts/content/metrics'

// The minutes a section states are what a learner plans a sitting around, so they must match the work in it:
// its words at about 200 a minute, plus its quizzes, scenarios and reflections (see "How long a section takes"
// in docs/content-authoring.md).

const content = await loadContent()
const quizzes = new Map(content.quizzes.map(q => [q.data.id, q.data]))
const scenarios = new Map(content.scenarios.map(s => [s.data.id, s.data]))

const sections = content.sections.map((section) => {
  const scan = scanPage(section.tree)
  const model = sectionMinutes(
    scan,
    scan.activities.filter(a => a.type === 'quiz').map(a => quizzes.get(a.id)!),
    scan.activities.filter(a => a.type === 'scenario').map(a => scenarios.get(a.id)!),
  )
  return { file: section.file, stated: section.meta.minutes, model }
})

describe('the time model', () => {
  const question = (extra: Partial<Question> = {}) => ({
    id: 'q', type: 'single', prompt: 'one two three four five', explanation: 'one two three four five', source: 's',
    options: [{ id: 'a', text: 'one two three four five', correct: true, feedback: 'one two three four five' }],
    ...extra,
  }) as Question

  it('reads at 200 words a minute and adds thinking time for each answer', () => {
    // 15 words to read (prompt, option, explanation) + 5 of feedback = 20 words = 0.1 min, plus 20 s.
    expect(questionMinutes(question())).toBeCloseTo(0.1 + 20 / 60, 5)
    expect(TIME_MODEL.wordsPerMinute).toBe(200)
  })

  it('gives arranging answers (ordering, matching) more time than tapping one', () => {
    const ordering = question({ type: 'ordering', items: [{ id: 'a', text: 'one two three four five', feedback: 'one two three four five' }] } as Partial<Question>)
    expect(questionMinutes(ordering)).toBeGreaterThan(questionMinutes(question()))
  })

  it('averages a scenario over its routes, so a longer route costs more', () => {
    const step = (id: string, next: string) => ({ id, text: 'a b c d e', choices: [{ id: 'a', text: 'x', quality: 'good', consequence: 'x', feedback: 'x', next }] })
    const ending = { id: 'end', title: 't', outcome: 'good', text: 't', debrief: 't' }
    const short = { id: 's', title: 't', setting: 's', summary: 's', start: 'st-1', steps: [step('st-1', 'end')], endings: [ending] } as Scenario
    const long = { ...short, steps: [step('st-1', 'st-2'), step('st-2', 'end')] } as Scenario
    expect(scenarioMinutes(long)).toBeGreaterThan(scenarioMinutes(short))
    expect(decisionRange(long)).toEqual({ fewest: 2, most: 2 })
  })
})

describe('section minutes', () => {
  it('add up to between 85 and 95 minutes, and to totalMinutes in course.yml', () => {
    const total = sections.reduce((n, s) => n + s.stated, 0)
    expect(total).toBeGreaterThanOrEqual(85)
    expect(total).toBeLessThanOrEqual(95)
    expect(content.course.data.totalMinutes).toBe(total)
  })

  it.each(sections.map(s => [s.file, s] as const))('%s: states minutes within the tolerance of its words and activities', (_, s) => {
    const detail = `model ${s.model.total.toFixed(1)} min = reading ${s.model.reading.toFixed(1)} + quizzes ${s.model.quizzes.toFixed(1)} + scenarios ${s.model.scenarios.toFixed(1)} + reflections ${s.model.reflections}`
    expect(Math.abs(s.stated - s.model.total), detail).toBeLessThanOrEqual(minutesTolerance(s.model.total))
  })

  it('are not systematically short of the model: the course total is within 10% of it', () => {
    const stated = sections.reduce((n, s) => n + s.stated, 0)
    const model = sections.reduce((n, s) => n + s.model.total, 0)
    expect(Math.abs(stated - model) / model).toBeLessThanOrEqual(0.1)
  })
})
