import { describe, expect, it } from 'vitest'
import { quizzes, richSection, scenarios } from '../../support/course-content'
import { type Client, completeSections, seatedClient, sendEvents } from '../helpers/client'

// Options, ordering items, matching lefts and scenario choices come in each learner's own order (issue 16):
// the same for that learner on every request, different between learners, so no answer sits at a known place.

const RICH = richSection()

type Shown = { id: string, questions?: { id: string, options?: { id: string }[], items?: { id: string }[], lefts?: { id: string }[] }[], start?: { choices: { id: string }[] } }

/** Every list of choices in the section, in the order shown, keyed by activity and question. */
async function ordersIn(client: Client): Promise<Map<string, string[]>> {
  const res = await client.get(`/api/course/sections/${RICH.id}`)
  expect(res.status).toBe(200)
  const out = new Map<string, string[]>()
  for (const a of res.json.activities as Shown[]) {
    for (const q of a.questions ?? []) out.set(`${a.id}/${q.id}`, (q.options ?? q.items ?? q.lefts ?? []).map(x => x.id))
    if (a.start) out.set(`${a.id}/start`, a.start.choices.map(c => c.id))
  }
  return out
}

describe('the order a learner sees', () => {
  it('is stable for one learner, differs between learners, and shows every option once', async () => {
    const one = await seatedClient('shuffle-one')
    const two = await seatedClient('shuffle-two')
    const first = await ordersIn(one.client)
    expect(await ordersIn(one.client)).toEqual(first)
    const other = await ordersIn(two.client)

    for (const quiz of RICH.quizList) {
      for (const q of quiz.questions) {
        const written = ('options' in q ? q.options : 'items' in q ? q.items : q.pairs).map(x => x.id)
        expect([...first.get(`${quiz.id}/${q.id}`)!].sort()).toEqual([...written].sort())
      }
    }
    const scenario = scenarios.find(s => s.id === RICH.scenarios[0])!
    expect([...first.get(`${scenario.id}/start`)!].sort()).toEqual(scenario.steps.find(s => s.id === scenario.start)!.choices.map(c => c.id).sort())
    // Across a section's questions and choices, two learners are all but certain to differ somewhere.
    expect([...first].some(([key, order]) => order.join() !== other.get(key)!.join())).toBe(true)
  })

  it('is the same in the final assessment on every request', async () => {
    const { client, userId } = await seatedClient('shuffle-assess')
    const outline = (await client.get('/api/course')).json
    await sendEvents(client, [{ type: 'position', sectionId: outline.sections[0].id, anchor: 'welcome' }])
    await completeSections(userId, outline.sections.map((s: { id: string }) => s.id))
    const started = (await client.post('/api/assessment/attempts')).json
    const again = (await client.get(`/api/assessment/attempts/${started.id}`)).json
    expect(again.questions).toEqual(started.questions)
  })

  it('leaves the section quizzes formative: the key and feedback after answering', async () => {
    const { client } = await seatedClient('shuffle-formative')
    const quiz = quizzes.find(x => x.questions.some(q => q.type === 'single'))!
    const q = quiz.questions.find(x => x.type === 'single')!
    if (q.type !== 'single') throw new Error('no single-choice question in the quizzes')
    const [outcome] = await sendEvents(client, [{ type: 'answer', activityId: quiz.id, questionId: q.id, answer: { optionId: q.options.find(o => !o.correct)!.id } }])
    expect(outcome!.result).toMatchObject({ correct: false, correctAnswer: { optionId: q.options.find(o => o.correct)!.id }, explanation: q.explanation })
  })
})
