import { describe, expect, it } from 'vitest'
import { scenarioRoutes, validateScenarioGraph } from '../../../server/domain/course-progress/scenarios'
import { splitClosingQuestion } from '../../../shared/player/prompts'
import { scenarios } from '../../support/course-content'

// Scenarios are judged on the whole path (docs/content-authoring.md): every route is followed through the
// server's own engine, so what is checked here is the ending a learner would really reach.

const name = (path: { stepId: string, choiceId: string }[]) => path.map(e => `${e.stepId}/${e.choiceId}`).join(' → ')

describe.each(scenarios.map(s => [s.id, s] as const))('%s', (_, scenario) => {
  const routes = validateScenarioGraph(scenario).length === 0 ? scenarioRoutes(scenario) : []

  it('has routes to follow', () => {
    expect(routes.length).toBeGreaterThan(0)
  })

  it('never gives a good ending to a path with a poor choice on it', () => {
    const praised = routes.filter(r => r.qualities.includes('poor') && r.ending.outcome === 'good')
    expect(praised.map(r => `${name(r.path)} ends in "${r.ending.id}"`)).toEqual([])
  })

  it('gives a good ending to every path of only good choices, and has one', () => {
    const allGood = routes.filter(r => r.qualities.every(q => q === 'good'))
    expect(allGood.length).toBeGreaterThan(0)
    expect(allGood.filter(r => r.ending.outcome !== 'good').map(r => `${name(r.path)} ends in "${r.ending.id}"`)).toEqual([])
  })

  it('closes every step with the question the player lifts out of its text to label the choices', () => {
    for (const step of scenario.steps) {
      const { body, question } = splitClosingQuestion(step.text)
      expect(question, step.id).toMatch(/\?$/)
      expect(body.trim().endsWith(question), step.id).toBe(false)
      expect(body.length, step.id).toBeGreaterThan(0)
    }
  })
})
