import { describe, expect, it } from 'vitest'
import { correctAnswer, firstChoicePath, leakedSecrets, richSection } from '../../support/course-content'
import { Client, completeSections, seatedClient, sendEvents, signedInClient } from '../helpers/client'

const S1 = 's1-why-this-matters'
const S2 = 's2-why-children-go-missing'

describe('the progress summary for the course home', () => {
  it('asks a visitor to sign in and a learner without a seat to get a licence', async () => {
    expect((await new Client().get('/api/progress')).status).toBe(401)
    const { client } = await signedInClient('summary-seatless')
    const res = await client.get('/api/progress')
    expect(res.status).toBe(403)
    expect(res.json.message).toMatch(/licence/)
    expect(res.json.data.code).toBe('no_seat')
  })

  it('shows a new learner every section not started, all the time left, and a start at the first section', async () => {
    const { client } = await seatedClient('summary-new')
    const outline = (await client.get('/api/course')).json
    const res = await client.get('/api/progress')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      completedSections: 0,
      totalSections: outline.sections.length,
      percent: 0,
      minutesLeft: outline.totalMinutes,
      started: false,
      resume: { kind: 'section', sectionId: S1, anchor: null },
      assessment: { status: 'locked', attempts: 0 },
      completedAt: null,
    })
    expect(res.json.sections.map((s: { id: string }) => s.id)).toEqual(outline.sections.map((s: { id: string }) => s.id))
  })

  it('continues at the exact heading reached, and moves on once that section is done', async () => {
    const { client, userId } = await seatedClient('summary-resume')
    const now = Date.now()
    await sendEvents(client, [
      { type: 'position', sectionId: S1, anchor: 'welcome', at: now },
      { type: 'position', sectionId: S2, anchor: 'push-and-pull', at: now + 1000 },
    ])
    let summary = (await client.get('/api/progress')).json
    expect(summary.resume).toEqual({ kind: 'section', sectionId: S2, anchor: 'push-and-pull' })
    expect(summary.started).toBe(true)
    expect(summary.sections[1]).toMatchObject({ id: S2, status: 'in_progress' })

    await completeSections(userId, [S2])
    summary = (await client.get('/api/progress')).json
    expect(summary.resume).toEqual({ kind: 'section', sectionId: 's3-words-and-definitions', anchor: null })
    expect(summary.sections[1]).toMatchObject({ id: S2, status: 'completed' })
    expect(summary.completedSections).toBe(1)
    expect(summary.percent).toBeGreaterThan(0)
  })

  it('never moves a finished section back to in progress, whatever arrives later', async () => {
    const { client, userId } = await seatedClient('summary-monotonic')
    await sendEvents(client, [{ type: 'position', sectionId: S1, anchor: 'welcome' }])
    await completeSections(userId, [S1])
    await sendEvents(client, [
      { type: 'position', sectionId: S1, anchor: 'welcome' },
      { type: 'time', sectionId: S1, seconds: 30 },
      { type: 'reached-end', sectionId: S1 },
    ])
    const summary = (await client.get('/api/progress')).json
    expect(summary.sections[0]).toMatchObject({ id: S1, status: 'completed' })
  })

  it('opens the assessment and points "Continue" to it once every section is done', async () => {
    const { client, userId } = await seatedClient('summary-all-done')
    const outline = (await client.get('/api/course')).json
    await sendEvents(client, [{ type: 'position', sectionId: S1, anchor: 'welcome' }])
    await completeSections(userId, outline.sections.map((s: { id: string }) => s.id))
    const summary = (await client.get('/api/progress')).json
    expect(summary).toMatchObject({ percent: 100, minutesLeft: 0, resume: { kind: 'assessment' }, assessment: { status: 'available' } })
  })
})

describe('what the summary and the assessment overview never contain', () => {
  it('carries no answer key or feedback, even after the learner has answered and played', async () => {
    const { client } = await seatedClient('summary-no-keys')
    const rich = richSection()
    const quiz = rich.quizList[0]!
    await sendEvents(client, [
      ...quiz.questions.map(q => ({ type: 'answer', activityId: quiz.id, questionId: q.id, answer: correctAnswer(q.id) })),
      ...firstChoicePath(rich.scenarioList[0]!.id).map(p => ({ type: 'scenario-choice', activityId: rich.scenarioList[0]!.id, ...p })),
    ])
    for (const path of ['/api/progress', '/api/assessment', '/api/course']) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      expect(leakedSecrets(res.text), path).toEqual([])
    }
  })
})
