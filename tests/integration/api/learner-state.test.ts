import { describe, expect, it } from 'vitest'
import { correctAnswer, firstChoicePath, leakedSecrets, richSection, wrongAnswer } from '../../support/course-content'
import { seatedClient, sendEvents, testSql } from '../helpers/client'

// A section with a scenario, a quiz and a reflection, found from the content files.
const RICH = richSection()
const SECTION = RICH.id
const JADE = RICH.scenarioList[0]!
const SCENARIO = JADE.id
const QUIZ = RICH.quizList[0]!
const REFLECTION = RICH.reflections[0]!

async function sectionFor(client: Awaited<ReturnType<typeof seatedClient>>['client']) {
  const res = await client.get(`/api/course/sections/${SECTION}`)
  expect(res.status).toBe(200)
  return res
}

describe('a learner\'s saved state in a section', () => {
  it('starts empty, with no feedback at all', async () => {
    const { client } = await seatedClient('fresh-state')
    const res = await sectionFor(client)
    expect(res.json.progress).toEqual({
      status: 'not_started',
      contentReached: false,
      anchor: null,
      answers: {},
      scenarios: {},
      completedActivities: [],
      reflections: {},
      studied: false,
    })
    expect(leakedSecrets(res.text)).toEqual([])
  })

  it('gives back answered questions with the feedback earned, and nothing for the others', async () => {
    const { client } = await seatedClient('answers-state')
    const [first, second] = QUIZ.questions
    const outcomes = await sendEvents(client, [
      { type: 'answer', activityId: QUIZ.id, questionId: first!.id, answer: correctAnswer(first!.id) },
      { type: 'answer', activityId: QUIZ.id, questionId: second!.id, answer: wrongAnswer(second!.id) },
    ])
    // Each answer's result carries the feedback for that question, and for no other.
    expect(leakedSecrets(JSON.stringify(outcomes[0]), [`question:${first!.id}`])).toEqual([])
    expect(leakedSecrets(JSON.stringify(outcomes[1]), [`question:${second!.id}`])).toEqual([])
    const res = await sectionFor(client)
    const answers = res.json.progress.answers[QUIZ.id]
    expect(Object.keys(answers).sort()).toEqual([first!.id, second!.id].sort())
    expect(answers[first!.id]).toMatchObject({ questionId: first!.id, correct: true, score: 1, answer: correctAnswer(first!.id), explanation: first!.explanation })
    expect(answers[second!.id]).toMatchObject({ correct: false, answer: wrongAnswer(second!.id) })
    expect(leakedSecrets(res.text, [`question:${first!.id}`, `question:${second!.id}`])).toEqual([])
    expect(res.json.progress.status).toBe('in_progress')
  })

  it('shows the latest answer when a question is answered again', async () => {
    const { client } = await seatedClient('answer-again')
    const q = QUIZ.questions[0]!
    await sendEvents(client, [{ type: 'answer', activityId: QUIZ.id, questionId: q.id, answer: wrongAnswer(q.id) }])
    await sendEvents(client, [{ type: 'answer', activityId: QUIZ.id, questionId: q.id, answer: correctAnswer(q.id) }])
    expect((await sectionFor(client)).json.progress.answers[QUIZ.id][q.id]).toMatchObject({ correct: true })
  })

  it('gives back the scenario path so far, the step reached, the reflection and the heading', async () => {
    const { client } = await seatedClient('scenario-state')
    const [step1, step2] = firstChoicePath(SCENARIO)
    await sendEvents(client, [
      { type: 'scenario-choice', activityId: SCENARIO, ...step1 },
      { type: 'scenario-choice', activityId: SCENARIO, ...step2 },
      { type: 'reflection', reflectionId: REFLECTION, text: 'Only I can read this.' },
      { type: 'position', sectionId: SECTION, anchor: 'a-heading-further-down' },
    ])
    const res = await sectionFor(client)
    const run = res.json.progress.scenarios[SCENARIO]
    expect(run.run).toBe(1)
    expect(run.completed).toBe(false)
    expect(run.history.map((h: { step: { id: string }, choice: { id: string } }) => `${h.step.id}/${h.choice.id}`)).toEqual([`${step1!.stepId}/${step1!.choiceId}`, `${step2!.stepId}/${step2!.choiceId}`])
    const chosen = JADE.steps.find(s => s.id === step1!.stepId)!.choices.find(c => c.id === step1!.choiceId)!
    expect(run.history[0]).toMatchObject({ consequence: chosen.consequence, feedback: chosen.feedback, quality: chosen.quality })
    expect(run.current.kind).toBe('step')
    expect(run.current.step.id).toBe(firstChoicePath(SCENARIO)[2]!.stepId)
    expect(JSON.stringify(run.current)).not.toContain('"next"')
    expect(res.json.progress.reflections).toEqual({ [REFLECTION]: 'Only I can read this.' })
    expect(res.json.progress.anchor).toBe('a-heading-further-down')
    const earned = [step1, step2].map(p => `choice:${SCENARIO}/${p!.stepId}/${p!.choiceId}`)
    expect(leakedSecrets(res.text, earned)).toEqual([])
  })

  it('refuses a reflection for a prompt that does not exist', async () => {
    const { client } = await seatedClient('bad-reflection')
    const [outcome] = await sendEvents(client, [{ type: 'reflection', reflectionId: 'rf-made-up', text: 'x' }])
    expect(outcome).toMatchObject({ status: 'rejected' })
  })
})

describe('replaying a scenario', () => {
  it('starts again from the first step, keeps the earlier run as attempts, and completes on any ending', async () => {
    const { client, userId } = await seatedClient('replay-scenario')
    const path = firstChoicePath(SCENARIO)
    const outcomes = await sendEvents(client, path.map(p => ({ type: 'scenario-choice', activityId: SCENARIO, ...p })))
    expect(outcomes.map(o => o.status)).toEqual(path.map(() => 'applied'))
    const last = outcomes.at(-1)!.result
    expect(last.next.kind).toBe('ending')
    expect(last.next.ending.debrief.length).toBeGreaterThan(10)

    // Once ended, another choice needs a replay first.
    const [blocked] = await sendEvents(client, [{ type: 'scenario-choice', activityId: SCENARIO, ...path[0] }])
    expect(blocked).toMatchObject({ status: 'rejected' })
    expect(blocked!.error).toMatch(/Start it again/)

    const [restart, again] = await sendEvents(client, [
      { type: 'scenario-restart', activityId: SCENARIO },
      { type: 'scenario-restart', activityId: SCENARIO }, // a double click adds no second empty run
    ])
    expect(restart!.result).toMatchObject({ run: 2, start: { id: JADE.start } })
    expect(again!.result.run).toBe(2)

    const state = (await sectionFor(client)).json.progress
    expect(state.scenarios[SCENARIO]).toMatchObject({ run: 2, history: [], current: { kind: 'step', step: { id: JADE.start } }, completed: true })
    expect(state.completedActivities).toContain(SCENARIO)

    const second = JADE.steps.find(s => s.id === JADE.start)!.choices[1]!
    const [choice] = await sendEvents(client, [{ type: 'scenario-choice', activityId: SCENARIO, stepId: JADE.start, choiceId: second.id }])
    expect(choice).toMatchObject({ status: 'applied', result: { run: 2, choiceId: second.id } })

    const attempts = await testSql()`select a.answers from activity_attempts a join enrolments e on e.id = a.enrolment_id
      where e.user_id = ${userId} and a.activity_id = ${SCENARIO} order by a.created_at, a.attempt_number`
    expect(attempts).toHaveLength(path.length + 1)
    expect(attempts.map(a => a.answers.run)).toEqual([...path.map(() => 1), 2])
  })

  it('answers a replayed choice event with its first result and no second attempt', async () => {
    const { client, userId } = await seatedClient('replay-choice')
    const event = { id: crypto.randomUUID(), at: Date.now(), type: 'scenario-choice', activityId: SCENARIO, ...firstChoicePath(SCENARIO)[0] }
    const first = await client.post('/api/progress/events', { events: [event] })
    const second = await client.post('/api/progress/events', { events: [event] })
    expect(second.json.results[0]).toMatchObject({ status: 'duplicate', result: first.json.results[0].result })
    const [{ n }] = await testSql()<[{ n: number }]>`select count(*)::int as n from activity_attempts a join enrolments e on e.id = a.enrolment_id where e.user_id = ${userId}`
    expect(n).toBe(1)
  })
})
