import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { correctAnswer, firstChoicePath, wrongAnswer } from '../../support/course-content'
import { advanceServerClock, Client, grantSeatTo, sendEvents, signedInClient, studyFor, testSql } from '../helpers/client'

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
    // Enrolled, then 20 seconds of reading pass on the server's clock before the batch is sent.
    await sendEvents(client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])
    await advanceServerClock(20)
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
    expect(await sql`select * from progress_events where enrolment_id = ${id}`).toHaveLength(4)
  })

  it('keeps the latest position when events arrive out of order', async () => {
    const { client, userId } = await seatedLearner('reorder')
    const t = Date.now()
    const later = { id: randomUUID(), type: 'position', at: t + 5000, sectionId: SECTION, anchor: 'later' }
    const earlier = { id: randomUUID(), type: 'position', at: t, sectionId: SECTION, anchor: 'earlier' }
    await client.post('/api/progress/events', { events: [later] })
    await client.post('/api/progress/events', { events: [earlier] })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'later', at: t + 5000 })
    // Two saves stamped the same moment (two tabs): the one that arrives second wins.
    const tie = { id: randomUUID(), type: 'position', at: t + 5000, sectionId: SECTION, anchor: 'same-moment' }
    await client.post('/api/progress/events', { events: [tie] })
    expect((await enrolmentOf(userId)).last_position).toMatchObject({ anchor: 'same-moment', at: t + 5000 })
  })

  it('credits active time only as fast as the server\'s clock moves, whatever the reports say', async () => {
    const { client, userId } = await seatedLearner('time-cap')
    await sendEvents(client, [{ type: 'position', sectionId: SECTION, anchor: 'top' }])
    await advanceServerClock(60)
    const at = Date.now()
    const events = Array.from({ length: 5 }, (_, i) => ({ id: randomUUID(), type: 'time', at: at + i * 1000, sectionId: SECTION, seconds: 30 }))
    const res = await client.post('/api/progress/events', { events })
    const granted = res.json.results.map((r: { result: { credited: number } }) => r.result.credited)
    expect(granted.slice(0, 2)).toEqual([30, 30])
    const { id } = await enrolmentOf(userId)
    const [row] = await testSql()`select active_seconds from section_progress where enrolment_id = ${id} and section_id = ${SECTION}`
    // 60 seconds passed, plus the few real ones the test took.
    expect(row!.active_seconds).toBeGreaterThanOrEqual(60)
    expect(row!.active_seconds).toBeLessThan(75)
  })

  it('grades an answer on the server, returns the feedback once answered, and completes the section for good', async () => {
    const { client, userId } = await seatedLearner('answer')
    const section = (await client.get(`/api/course/sections/${SECTION}`)).json
    const quiz = section.activities.find((a: { type: string }) => a.type === 'quiz')
    const answer = (q: { id: string }, right: boolean) => ({ id: randomUUID(), type: 'answer', at: Date.now(), activityId: quiz.id, questionId: q.id, answer: right ? correctAnswer(q.id) : wrongAnswer(q.id) })
    const res = await client.post('/api/progress/events', { events: quiz.questions.map((q: { id: string }) => answer(q, false)) })
    expect(res.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true)
    const graded = res.json.results[0].result
    expect(graded).toMatchObject({ questionId: quiz.questions[0].id, correct: false })
    expect(typeof graded.explanation).toBe('string')
    expect(graded.feedback.length).toBeGreaterThan(0)

    // Wrong answers leave the quiz to do; the learner tries again and gets each one right.
    const reached = { id: randomUUID(), type: 'reached-end', at: Date.now(), sectionId: SECTION }
    expect((await client.post('/api/progress/events', { events: [reached] })).json.results[0].result).toEqual({ sectionStatus: 'in_progress' })
    await client.post('/api/progress/events', { events: quiz.questions.map((q: { id: string }) => answer(q, true)) })
    for (const scenario of section.activities.filter((a: { type: string }) => a.type === 'scenario')) {
      await sendEvents(client, firstChoicePath(scenario.id).map(p => ({ type: 'scenario-choice', activityId: scenario.id, ...p })))
    }
    // Everything done but the time: the section is finished once its share of minutes is credited.
    const outcomes = await studyFor(client, SECTION, section.minutes * 30)
    expect(outcomes.at(-1)!.result).toMatchObject({ sectionStatus: 'completed', studied: true })

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
