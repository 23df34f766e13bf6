import { describe, expect, it } from 'vitest'
import { correctAnswer, leakedSecrets, quizzes, secrets, sections } from '../../support/course-content'
import { Client, grantSeatTo, signedInClient, testSql } from '../helpers/client'

const PREVIEW = 's1-why-this-matters'
const PAID = 's3-words-and-definitions'

/** Words that only answer keys, feedback and scenario outcomes contain. */
const SECRET_FIELDS = ['"correct"', '"feedback"', '"explanation"', '"consequence"', '"quality"', '"debrief"', '"next"', '"source"']

/** No answer-key field names in the activities, and no feedback text anywhere in the response. */
function expectNoAnswers(text: string) {
  const json = (() => {
    try {
      return JSON.parse(text)
    }
    catch {
      return null
    }
  })()
  const activities = JSON.stringify(json?.activities ?? json?.sections ?? '')
  for (const field of SECRET_FIELDS) expect(activities, field).not.toContain(field)
  expect(secrets.length).toBeGreaterThan(50)
  expect(leakedSecrets(text)).toEqual([])
}

describe('the public outline', () => {
  it('lists every section with minutes and activity ids, and nothing from the answer keys', async () => {
    const res = await new Client().get('/api/course')
    expect(res.status).toBe(200)
    expect(res.json.title).toBe('Children Missing from Care')
    expect(res.json.sections.length).toBeGreaterThanOrEqual(2)
    expect(res.json.sections.reduce((sum: number, s: { minutes: number }) => sum + s.minutes, 0)).toBe(res.json.totalMinutes)
    expect(res.json.sections[0]).toMatchObject({ id: PREVIEW, preview: true })
    for (const s of res.json.sections) expect(s.activities.every((a: { id: string, type: string }) => a.id && ['quiz', 'scenario'].includes(a.type))).toBe(true)
    expectNoAnswers(res.text)
    expect(res.text).not.toContain('"body"')
  })
})

describe('who can read which section', () => {
  it('lets a visitor read the free introduction, with its activities but no answers', async () => {
    const res = await new Client().get(`/api/course/sections/${PREVIEW}`)
    expect(res.status).toBe(200)
    expect(res.json.body).toBeTruthy()
    expect(res.json.activities.length).toBeGreaterThan(0)
    expectNoAnswers(res.text)
  })

  it('asks a visitor to sign in, and a learner without a seat to get a licence', async () => {
    const visitor = await new Client().get(`/api/course/sections/${PAID}`)
    expect(visitor.status).toBe(401)
    expect(visitor.text).not.toContain('"body"')
    const { client } = await signedInClient('seatless')
    const seatless = await client.get(`/api/course/sections/${PAID}`)
    expect(seatless.status).toBe(403)
    expect(seatless.json.message).toMatch(/licence/)
    expect(seatless.text).not.toContain('"body"')
  })

  it('opens every section to a learner with a seat, still without answers', async () => {
    const { client, userId } = await signedInClient('seated')
    await grantSeatTo(userId)
    const outline = (await client.get('/api/course')).json
    for (const section of outline.sections) {
      const res = await client.get(`/api/course/sections/${section.id}`)
      expect(res.status, section.id).toBe(200)
      expectNoAnswers(res.text)
    }
  })

  it('answers 404 for a section that does not exist', async () => {
    expect((await new Client().get('/api/course/sections/no-such-section')).status).toBe(404)
  })

  it.each([
    '/__nuxt_content/sections/sql_dump.txt',
    '/__nuxt_content/quizzes/sql_dump.txt',
    '/__nuxt_content/scenarios/sql_dump.txt',
    '/__nuxt_content/assessmentPool/sql_dump.txt',
  ])('closes the content module route %s to everyone', async (path) => {
    const { client, userId } = await signedInClient('dump')
    await grantSeatTo(userId)
    for (const c of [new Client(), client]) {
      const res = await c.get(path)
      expect(res.status).toBe(404)
      expectNoAnswers(res.text)
    }
  })

  it('closes the content module query route to everyone', async () => {
    const { client } = await signedInClient('query')
    for (const collection of ['quizzes', 'scenarios', 'sections', 'assessmentPool']) {
      const res = await client.post(`/__nuxt_content/${collection}/query`, { sql: `SELECT * FROM _content_${collection}` })
      expect(res.status).toBe(404)
      expectNoAnswers(res.text)
    }
  })
})

describe('trying the free introduction without a licence', () => {
  const tryAnswer = (client: Client, activityId: string, questionId: string, answer: unknown) =>
    client.post('/api/course/preview-answers', { activityId, questionId, answer })

  it('marks a visitor\'s answer to a free question, with the feedback for that question only, and saves nothing', async () => {
    const [quizId] = sections[0]!.quizzes
    const quiz = quizzes.find(q => q.id === quizId)!
    const question = quiz.questions[0]!
    const attempts = () => testSql()<[{ n: number }]>`select count(*)::int as n from activity_attempts where item_id = ${question.id}`
    const [before] = await attempts()
    const res = await tryAnswer(new Client(), quiz.id, question.id, correctAnswer(question.id))
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ questionId: question.id, correct: true, score: 1 })
    expect(leakedSecrets(res.text, [`question:${question.id}`])).toEqual([])
    expect(await attempts()).toEqual([before])
  })

  it('refuses questions outside the free introduction, and bad answers, with clear messages', async () => {
    const paid = quizzes.find(q => sections.slice(1).some(s => s.quizzes.includes(q.id)))!
    const refused = await tryAnswer(new Client(), paid.id, paid.questions[0]!.id, correctAnswer(paid.questions[0]!.id))
    expect(refused.status).toBe(403)
    expect(leakedSecrets(refused.text)).toEqual([])
    const free = quizzes.find(q => q.id === sections[0]!.quizzes[0])!
    const bad = await tryAnswer(new Client(), free.id, free.questions[0]!.id, { optionId: 'no-such-option' })
    expect(bad.status).toBe(400)
    expect((await tryAnswer(new Client(), free.id, 'no-such-question', {})).status).toBe(404)
  })
})
