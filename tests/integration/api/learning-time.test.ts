import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { correctAnswer, firstChoicePath, quizzes, sections, wrongAnswer } from '../../support/course-content'
import { advanceServerClock, type Client, seatedClient, sendEvents, serverClock, studyFor, testSql } from '../helpers/client'

interface Outline { sections: { id: string, minutes: number, activities: { id: string, type: string }[] }[] }

/** A learner with a seat and an enrolment, and the moment on the server's clock their enrolment began. */
async function enrolledLearner(label: string) {
  const learner = await seatedClient(label)
  const outline = (await learner.client.get('/api/course')).json as Outline
  await sendEvents(learner.client, [{ type: 'position', sectionId: outline.sections[0]!.id, anchor: 'top' }])
  const [enrolment] = await testSql()<{ id: string, started_at: Date }[]>`select id, started_at from enrolments where user_id = ${learner.userId}`
  return { ...learner, outline, enrolmentId: enrolment!.id, startedAt: enrolment!.started_at.getTime() }
}

/** Seconds credited to the enrolment's sections; the enrolment's running total (the reports read it) always agrees. */
async function creditedSeconds(enrolmentId: string) {
  const [row] = await testSql()<{ seconds: number, total: number }[]>`
    select coalesce(sum(sp.active_seconds), 0)::int as seconds, (select active_seconds from enrolments where id = ${enrolmentId}) as total
    from section_progress sp where sp.enrolment_id = ${enrolmentId}`
  expect(row!.total).toBe(row!.seconds)
  return row!.seconds
}

async function completedSections(enrolmentId: string) {
  return testSql()<{ section_id: string }[]>`select section_id from section_progress where enrolment_id = ${enrolmentId} and status = 'completed'`
}

/** Every event that finishes a section's activities: each quiz answered right, each scenario played to an ending. */
function activityEvents(sectionId: string) {
  const section = sections.find(s => s.id === sectionId)!
  return [
    ...section.quizzes.flatMap(id => quizzes.find(q => q.id === id)!.questions.map(q => ({ type: 'answer', activityId: id, questionId: q.id, answer: correctAnswer(q.id) }))),
    ...section.scenarios.flatMap(id => firstChoicePath(id).map(p => ({ type: 'scenario-choice', activityId: id, ...p }))),
  ]
}

async function sendInBatches(client: Client, events: Record<string, unknown>[]) {
  for (let i = 0; i < events.length; i += 100) await sendEvents(client, events.slice(i, i + 100))
}

describe('what a script cannot fake', () => {
  it('does not complete any section or the course for ends reached at once, every quiz answered and forged time', async () => {
    const learner = await enrolledLearner('hostile')
    const { client, outline, enrolmentId } = learner
    const ids = outline.sections.map(s => s.id)

    // Every end reached and every activity done, as fast as a script can send them.
    await sendInBatches(client, [
      ...ids.map(sectionId => ({ type: 'reached-end', sectionId })),
      ...ids.flatMap(activityEvents),
    ])
    // 100 reports of 60 s each, stamped a minute apart, some far in the future, in one request.
    const base = Date.now()
    const forged = Array.from({ length: 100 }, (_, i) => ({
      id: randomUUID(),
      type: 'time',
      sectionId: ids[i % ids.length],
      seconds: 60,
      at: i % 10 === 0 ? Date.UTC(2286, 0, 1) + i * 60_000 : base + i * 60_000,
    }))
    const res = await client.post('/api/progress/events', { events: forged })
    expect(res.status).toBe(200)
    expect(res.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true)
    const now = await serverClock()

    // Credit never runs ahead of the server's clock: a few seconds of real time, not 100 minutes.
    const credited = await creditedSeconds(enrolmentId)
    expect(credited).toBeLessThanOrEqual(Math.ceil((now - learner.startedAt) / 1000))
    expect(credited).toBeLessThan(60)
    expect(await completedSections(enrolmentId)).toEqual([])

    const summary = (await client.get('/api/progress')).json
    expect(summary).toMatchObject({ completedSections: 0, completedAt: null, assessment: { status: 'locked' } })
    expect((await client.post('/api/assessment/attempts')).status).toBe(422)
    const [enrolment] = await testSql()`select completed_at from enrolments where id = ${enrolmentId}`
    expect(enrolment!.completed_at).toBeNull()
  })

  it('does not finish a quiz answered wrongly, until each question has been answered right once', async () => {
    const { client, enrolmentId } = await enrolledLearner('quiz-retry')
    const quiz = quizzes.find(q => sections.some(s => s.quizzes.includes(q.id)))!
    await sendEvents(client, quiz.questions.map(q => ({ type: 'answer', activityId: quiz.id, questionId: q.id, answer: wrongAnswer(q.id) })))
    const done = () => testSql()`select 1 from activity_completions where enrolment_id = ${enrolmentId} and activity_id = ${quiz.id}`
    expect(await done()).toHaveLength(0)

    // Trying again after the feedback: right at last for all but one, then that one too.
    const [last, ...others] = quiz.questions
    await sendEvents(client, others.map(q => ({ type: 'answer', activityId: quiz.id, questionId: q.id, answer: correctAnswer(q.id) })))
    expect(await done()).toHaveLength(0)
    await sendEvents(client, [{ type: 'answer', activityId: quiz.id, questionId: last!.id, answer: correctAnswer(last!.id) }])
    expect(await done()).toHaveLength(1)
  })

  it('lets two saves racing each other claim the same real seconds only once', async () => {
    const { client, enrolmentId, startedAt } = await enrolledLearner('race')
    const section = sections[1]!.id
    await advanceServerClock(60)
    const report = () => ({ events: [{ id: randomUUID(), type: 'time', at: Date.now(), sectionId: section, seconds: 60 }] })
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.post('/api/progress/events', report())))
    expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    const now = await serverClock()
    const credited = await creditedSeconds(enrolmentId)
    expect(credited).toBeGreaterThanOrEqual(60)
    expect(credited).toBeLessThanOrEqual(Math.ceil((now - startedAt) / 1000))
    expect(credited).toBeLessThan(120)
  })
})

describe('time read offline', () => {
  it('credits an hour of reading flushed later, but no more than the hour that passed', async () => {
    const { client, enrolmentId, startedAt } = await enrolledLearner('offline-hour')
    const section = sections[2]!.id
    // An hour passes while the phone is offline; its queue holds 30-second reports for all of it, and more
    // (a second tab counting the same hour).
    await advanceServerClock(3600)
    const queued = Array.from({ length: 180 }, (_, i) => ({ type: 'time', sectionId: section, seconds: 30, at: Date.now() - 3_600_000 + i * 20_000 }))
    await sendInBatches(client, queued)
    const now = await serverClock()
    const credited = await creditedSeconds(enrolmentId)
    expect(credited).toBeGreaterThanOrEqual(3600)
    expect(credited).toBeLessThanOrEqual(Math.ceil((now - startedAt) / 1000))

    // More time claimed straight after is held to the clock too.
    await sendEvents(client, [{ type: 'time', sectionId: section, seconds: 60 }])
    expect(await creditedSeconds(enrolmentId)).toBeLessThanOrEqual(Math.ceil((await serverClock() - startedAt) / 1000))
  })
})

describe('a section studied', () => {
  it('is done once its end is reached, its activities done and its share of time credited, and says so', async () => {
    const { client, outline, enrolmentId } = await enrolledLearner('studied')
    const section = outline.sections.find(s => s.activities.length > 0 && s !== outline.sections[0])!
    await sendEvents(client, [...activityEvents(section.id), { type: 'reached-end', sectionId: section.id }])
    expect(await completedSections(enrolmentId)).toEqual([])
    let state = (await client.get(`/api/course/sections/${section.id}`)).json.progress
    expect(state).toMatchObject({ status: 'in_progress', contentReached: true, studied: false })

    // Half the section's estimated minutes (course.yml studyShare), read at a normal pace.
    const outcomes = await studyFor(client, section.id, section.minutes * 30)
    expect(outcomes.at(-1)!.result).toMatchObject({ studied: true, sectionStatus: 'completed' })
    expect(await completedSections(enrolmentId)).toEqual([{ section_id: section.id }])
    state = (await client.get(`/api/course/sections/${section.id}`)).json.progress
    expect(state).toMatchObject({ status: 'completed', studied: true })
  })

  it('needs the share of time even when everything else was done first, and not a second less', async () => {
    const { client, outline, enrolmentId } = await enrolledLearner('studied-short')
    const section = outline.sections.find(s => s.activities.length > 0 && s !== outline.sections[0])!
    await sendEvents(client, [...activityEvents(section.id), { type: 'reached-end', sectionId: section.id }])
    const required = section.minutes * 30
    await studyFor(client, section.id, required - 30)
    expect(await completedSections(enrolmentId)).toEqual([])
    await studyFor(client, section.id, 30)
    expect(await completedSections(enrolmentId)).toEqual([{ section_id: section.id }])
  })
})

describe('the whole course, at a reading pace', () => {
  it('completes, and the completion records the minutes in each section and the assessment score', async () => {
    const { client, outline, enrolmentId } = await enrolledLearner('whole-course')
    for (const section of outline.sections) {
      await sendEvents(client, [{ type: 'position', sectionId: section.id, anchor: 'top' }])
      await studyFor(client, section.id, section.minutes * 60)
      await sendInBatches(client, [...activityEvents(section.id), { type: 'reached-end', sectionId: section.id }])
    }
    expect(await completedSections(enrolmentId)).toHaveLength(outline.sections.length)

    const attempt = (await client.post('/api/assessment/attempts')).json
    const answers = Object.fromEntries(attempt.questions.map((q: { id: string }) => [q.id, correctAnswer(q.id)]))
    const submitted = await client.post(`/api/assessment/attempts/${attempt.id}/submit`, { answers })
    expect(submitted.status, submitted.text).toBe(200)
    expect(submitted.json.result).toMatchObject({ passed: true, scorePercent: 100 })

    const [enrolment] = await testSql()`select completed_at, completion_minutes, completion_score from enrolments where id = ${enrolmentId}`
    expect(enrolment!.completed_at).not.toBeNull()
    expect(enrolment!.completion_score).toBe(100)
    expect(enrolment!.completion_minutes).toEqual(Object.fromEntries(outline.sections.map(s => [s.id, s.minutes])))
  })
})
