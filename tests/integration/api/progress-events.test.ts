import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Client, grantSeatTo, signedInClient, testSql } from '../helpers/client'

const SECTION = 's2-why-children-go-missing'

async function seatedLearner(label: string) {
  const learner = await signedInClient(label)
  await grantSeatTo(learner.userId)
  return learner
}

async function enrolmentOf(userId: string) {
  const [row] = await testSql()`select id, last_position from enrolments where user_id = ${userId}`
  return row!
}

describe('saving progress', () => {
  it('needs a signed-in learner with a seat', async () => {
    const event = { id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }
    expect((await new Client().post('/api/progress/events', { events: [event] })).status).toBe(401)
    const { client } = await signedInClient('no-seat')
    const res = await client.post('/api/progress/events', { events: [event] })
    expect(res.status).toBe(403)
    expect(res.json.message).toMatch(/licence/)
  })

  it('applies a replayed batch once', async () => {
    const { client, userId } = await seatedLearner('replay')
    const now = Date.now()
    const batch = {
      events: [
        { id: randomUUID(), type: 'position', at: now, sectionId: SECTION, anchor: 'push-and-pull' },
        { id: randomUUID(), type: 'time', at: now, sectionId: SECTION, seconds: 20 },
        { id: randomUUID(), type: 'reflection', at: now, reflectionId: 'rf-s2-1', text: 'My own note' },
      ],
    }
    const first = await client.post('/api/progress/events', batch)
    expect(first.status).toBe(200)
    expect(first.json.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied'])
    const again = await client.post('/api/progress/events', batch)
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate'])

    const { id } = await enrolmentOf(userId)
    const sql = testSql()
    const [progress] = await sql`select active_seconds, last_anchor from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    expect(progress).toMatchObject({ active_seconds: 20, last_anchor: 'push-and-pull' })
    expect(await sql`select * from progress_events where enrolment_id = ${id}`).toHaveLength(3)
  })

  it('keeps the latest position when events arrive out of order', async () => {
    const { client, userId } = await seatedLearner('reorder')
    const t = Date.now()
    const later = { id: randomUUID(), type: 'position', at: t + 5000, sectionId: SECTION, anchor: 'later' }
    const earlier = { id: randomUUID(), type: 'position', at: t, sectionId: SECTION, anchor: 'earlier' }
    await client.post('/api/progress/events', { events: [later] })
    await client.post('/api/progress/events', { events: [earlier] })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'later', at: t + 5000 })
  })

  it('never credits more than 60 seconds of active time to one minute', async () => {
    const { client, userId } = await seatedLearner('time-cap')
    const at = Math.floor(Date.now() / 60000) * 60000 + 1000
    const events = Array.from({ length: 5 }, (_, i) => ({ id: randomUUID(), type: 'time', at: at + i * 1000, sectionId: SECTION, seconds: 30 }))
    await client.post('/api/progress/events', { events })
    const { id } = await enrolmentOf(userId)
    const [row] = await testSql()`select active_seconds from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    expect(row!.active_seconds).toBe(60)
  })

  it('grades an answer on the server, returns the feedback once answered, and completes the section for good', async () => {
    const { client, userId } = await seatedLearner('answer')
    const section = (await client.get(`/api/course/sections/${SECTION}`)).json
    const quiz = section.activities.find((a: { type: string }) => a.type === 'quiz')
    // A first answer of the right shape for each question; correctness does not matter for completion.
    const answerFor = (q: { type: string, options?: { id: string }[], items?: { id: string }[], lefts?: { id: string }[], rights?: { id: string }[] }) => {
      if (q.type === 'single' || q.type === 'truefalse') return { optionId: q.options![0]!.id }
      if (q.type === 'multiple') return { optionIds: [q.options![0]!.id] }
      if (q.type === 'ordering') return { order: q.items!.map(i => i.id) }
      return { matches: Object.fromEntries(q.lefts!.map(l => [l.id, q.rights![0]!.id])) }
    }
    const answers = quiz.questions.map((q: { id: string, type: string }) => ({ id: randomUUID(), type: 'answer', at: Date.now(), activityId: quiz.id, questionId: q.id, answer: answerFor(q) }))
    const res = await client.post('/api/progress/events', { events: answers })
    expect(res.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true)
    const graded = res.json.results[0].result
    expect(graded).toMatchObject({ questionId: quiz.questions[0].id })
    expect(typeof graded.explanation).toBe('string')
    expect(graded.feedback.length).toBeGreaterThan(0)

    const reached = { id: randomUUID(), type: 'reached-end', at: Date.now(), sectionId: SECTION }
    const done = await client.post('/api/progress/events', { events: [reached] })
    expect(done.json.results[0].result).toEqual({ sectionStatus: 'completed' })

    // Later events never move the section backwards.
    await client.post('/api/progress/events', { events: [{ id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }] })
    const { id } = await enrolmentOf(userId)
    const [row] = await testSql()`select status from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    expect(row!.status).toBe('completed')
  })

  it('rejects a bad event with a message and still saves the good ones beside it', async () => {
    const { client, userId } = await seatedLearner('mixed')
    const good = { id: randomUUID(), type: 'position', at: Date.now(), sectionId: SECTION, anchor: 'top' }
    const bad = { id: randomUUID(), type: 'answer', at: Date.now(), activityId: 'qz-s2', questionId: 'no-such-question', answer: { optionId: 'a' } }
    const res = await client.post('/api/progress/events', { events: [bad, good] })
    expect(res.status).toBe(200)
    expect(res.json.results[0]).toMatchObject({ status: 'rejected' })
    expect(res.json.results[0].error).toMatch(/no question/)
    expect(res.json.results[1]).toMatchObject({ status: 'applied' })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'top' })
  })

  it('refuses malformed batches with a 400 and a message', async () => {
    const { client } = await seatedLearner('malformed')
    for (const body of ['{"events":', { events: [] }, { events: [{ id: 'not-a-uuid', type: 'position' }] }, { events: [{ id: randomUUID(), type: 'teleport', at: 1 }] }, { events: 'x'.repeat(1000) }]) {
      const res = await client.post('/api/progress/events', body)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(res.json.message.length).toBeGreaterThan(5)
    }
  })

  it('does not let a scenario step be answered before the learner reaches it', async () => {
    const { client } = await seatedLearner('skip')
    const res = await client.post('/api/progress/events', { events: [{ id: randomUUID(), type: 'scenario-choice', at: Date.now(), activityId: 'sc-jade', stepId: 'st-4', choiceId: 'a' }] })
    expect(res.json.results[0].status).toBe('rejected')
  })
})
