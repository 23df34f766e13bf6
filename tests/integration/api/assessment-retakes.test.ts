import { describe, expect, it } from 'vitest'
import { correctAnswer, pool, wrongAnswer } from '../../support/course-content'
import { advanceServerClock, type Client, completeSections, seatedClient, studyFor } from '../helpers/client'

// The final assessment certifies (issue 16): a learner who fails again and again, reading every response,
// learns no key; each retake waits for time spent reading the sections missed; at most 3 attempts start in any
// 24 hours; and each draw avoids the questions of the one before. Time rules run on the server's test clock.

const sectionOf = new Map(pool.flatMap(p => p.questions.map(q => [q.id, p.section] as const)))

/** Every text that would show a key or how an option was marked: option, item and pair feedback. */
const keyTexts = pool.flatMap(p => p.questions.flatMap(q => ('options' in q ? q.options : 'items' in q ? q.items : q.pairs)
  .map(part => ({ question: q.id, text: JSON.stringify(part.feedback.trim().slice(0, 80)).slice(1, -1) }))))

/** Checks one response for anything that gives a key away: key fields, marked options, option feedback. */
function expectNoKey(what: string, body: string) {
  for (const field of ['"correct"', '"correctAnswer"', '"feedback"', '"score"', '"chosen"', '"answer"', '"graded"']) {
    expect(body.includes(field), `${what} contains ${field}`).toBe(false)
  }
  expect(keyTexts.filter(k => body.includes(k.text)).map(k => k.question), `${what} shows option feedback`).toEqual([])
}

async function readyLearner(label: string) {
  const learner = await seatedClient(label)
  const outline = (await learner.client.get('/api/course')).json
  await completeSections(learner.userId, outline.sections.map((s: { id: string }) => s.id))
  return { ...learner, outline }
}

const ids = (attempt: { questions: { id: string }[] }) => attempt.questions.map(q => q.id)

async function start(client: Client) {
  const res = await client.post('/api/assessment/attempts')
  expect(res.status, res.text).toBe(200)
  expectNoKey('a new attempt', res.text)
  return res.json
}

/** Submits an attempt with only the first `right` answers right, checking every response on the way. */
async function fail(client: Client, attempt: { id: string, questions: { id: string }[] }, right = 0) {
  const answers = Object.fromEntries(ids(attempt).map((id, i) => [id, i < right ? correctAnswer(id) : wrongAnswer(id)]))
  const res = await client.post(`/api/assessment/attempts/${attempt.id}/submit`, { answers })
  expect(res.status, res.text).toBe(200)
  expect(res.json.result.passed).toBe(false)
  expectNoKey('a failed attempt\'s result', res.text)
  for (const path of [`/api/assessment/attempts/${attempt.id}`, '/api/assessment', '/api/progress']) {
    const read = await client.get(path)
    expect(read.status).toBe(200)
    expectNoKey(path, read.text)
  }
  return res.json.result
}

/** Spends the 5 minutes the retake rule asks for in the first section of the questions missed. */
async function studyMissed(client: Client) {
  const gate = (await client.get('/api/assessment')).json.nextAttempt
  expect(gate.study.sections.length).toBeGreaterThan(0)
  await studyFor(client, gate.study.sections[0].id, 300)
}

describe('a learner collecting keys from failed attempts', () => {
  it('learns, from any response, only whether each answer was right, the point and the section to revisit', async () => {
    const { client } = await readyLearner('retake-keys')
    const seen = new Set<string>()
    for (let n = 1; n <= 3; n++) {
      const attempt = await start(client)
      ids(attempt).forEach(id => seen.add(id))
      const result = await fail(client, attempt, 2)
      expect(result.review).toHaveLength(ids(attempt).length)
      for (const [i, item] of result.review.entries()) {
        const id = ids(attempt)[i]
        expect(item.questionId).toBe(id)
        if (i < 2) {
          expect(item).toEqual({ questionId: id, prompt: expect.any(String), verdict: 'right' })
          continue
        }
        // Only these fields: no answer, no key, no per-option marks.
        expect(Object.keys(item).sort()).toEqual(['explanation', 'prompt', 'questionId', 'section', 'verdict'])
        expect(item.verdict).toMatch(/^(not-right|partly-right)$/)
        expect(item.explanation.length).toBeGreaterThan(10)
        expect(item.section.id).toBe(sectionOf.get(id))
      }
      await studyMissed(client)
    }
    // Then a pass: its review, too, says right or not and nothing more.
    const last = await start(client)
    const answers = Object.fromEntries(ids(last).map(id => [id, correctAnswer(id)]))
    const passed = await client.post(`/api/assessment/attempts/${last.id}/submit`, { answers })
    expect(passed.json.result).toMatchObject({ passed: true, scorePercent: 100 })
    expectNoKey('a passed attempt', passed.text)
    expect(passed.json.result.review.every((r: { verdict: string }) => r.verdict === 'right')).toBe(true)
    for (const path of ['/api/assessment', '/api/progress', `/api/assessment/attempts/${last.id}`]) expectNoKey(`${path} after a pass`, (await client.get(path)).text)
    expect(seen.size).toBeGreaterThan(30)
  })
})

describe('the next attempt after a fail', () => {
  it('opens only after 5 minutes of credited time in the sections of the questions missed, and says so', async () => {
    const { client, outline } = await readyLearner('retake-study')
    const first = await start(client)
    await fail(client, first, 0)
    const missedSections = [...new Set(ids(first).map(id => sectionOf.get(id)!))]

    const refused = await client.post('/api/assessment/attempts')
    expect(refused.status).toBe(422)
    expect(refused.json.data.code).toBe('retake_not_yet')
    expect(refused.json.message).toMatch(/Your next attempt opens when you spend about 5 more minutes reading/)
    const overview = (await client.get('/api/assessment')).json
    expect(overview.status).toBe('available')
    expect(overview.nextAttempt).toMatchObject({ open: false, notBefore: null, study: { secondsLeft: 300 } })
    expect(overview.nextAttempt.study.sections.map((s: { id: string }) => s.id).sort()).toEqual(missedSections.sort())

    // Time in a section with no missed question does not count, nor does time merely passing.
    const other = outline.sections.find((s: { id: string }) => !missedSections.includes(s.id))
    if (other) await studyFor(client, other.id, 120)
    await advanceServerClock(600)
    expect((await client.get('/api/assessment')).json.nextAttempt.study.secondsLeft).toBe(300)

    await studyFor(client, missedSections[0]!, 180)
    const part = (await client.get('/api/assessment')).json.nextAttempt
    expect(part).toMatchObject({ open: false, study: { secondsLeft: 120 } })
    expect((await client.post('/api/assessment/attempts')).status).toBe(422)

    await studyFor(client, missedSections.at(-1)!, 120)
    expect((await client.get('/api/assessment')).json.nextAttempt).toEqual({ open: true, study: null, notBefore: null })
    const second = await start(client)
    expect(second.number).toBe(2)
  })

  it('starts at most 3 attempts in any 24 hours, and says when the next one opens', async () => {
    const { client } = await readyLearner('retake-daily')
    const started: number[] = []
    for (let n = 1; n <= 3; n++) {
      const attempt = await start(client)
      started.push(Date.parse(attempt.startedAt))
      await fail(client, attempt, 0)
      await studyMissed(client)
    }
    const refused = await client.post('/api/assessment/attempts')
    expect(refused.status).toBe(422)
    expect(refused.json.data.code).toBe('retake_not_yet')
    expect(refused.json.message).toMatch(/at most 3 attempts can start in 24 hours/)
    const gate = (await client.get('/api/assessment')).json.nextAttempt
    expect(gate).toEqual({ open: false, study: null, notBefore: new Date(started[0]! + 24 * 3600_000).toISOString() })

    // Once the first of the three is 24 hours old, the next may start.
    await advanceServerClock(24 * 3600)
    expect((await client.get('/api/assessment')).json.nextAttempt.open).toBe(true)
    expect((await start(client)).number).toBe(4)
  })
})

describe('each draw', () => {
  it('takes none of the previous attempt\'s questions, as the pool allows it', async () => {
    const { client } = await readyLearner('retake-draws')
    let previous: string[] = []
    for (let n = 1; n <= 3; n++) {
      const attempt = await start(client)
      const drawn = ids(attempt)
      expect(drawn).toHaveLength(15)
      // Across sections: no section gives more than one question more than another.
      const perSection = [...new Set(pool.map(p => p.section))].map(s => drawn.filter(id => sectionOf.get(id) === s).length)
      expect(Math.max(...perSection) - Math.min(...perSection)).toBeLessThanOrEqual(1)
      expect(drawn.filter(id => previous.includes(id))).toEqual([])
      previous = drawn
      await fail(client, attempt, 0)
      await studyMissed(client)
    }
  })
})
