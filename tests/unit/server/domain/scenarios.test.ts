import { describe, expect, it } from 'vitest'
import type { Quality, Scenario, ScenarioChoice } from '../../../../server/domain/course-progress/course-types'
import { DomainError } from '../../../../server/domain/platform/errors'
import { advanceRun, choose, conditionHolds, endingFor, type PathEntry, publicStep, replayPath, scenarioProgress, scenarioRoutes, validateScenarioGraph } from '../../../../server/domain/course-progress/scenarios'
import { keyedSeeds } from '../../../../server/domain/course-progress/shuffle'

const choice = (id: string, quality: Quality, next: string): ScenarioChoice => ({
  id,
  text: `Choice ${id} (${next})`,
  quality,
  consequence: `CONSEQUENCE-${id}-${next}`,
  feedback: `FEEDBACK-${id}-${next}`,
  next,
})

const ending = (id: string, outcome: Quality) => ({ id, title: `Title ${id}`, outcome, text: `Text ${id}`, debrief: `DEBRIEF-${id}` })

/**
 * st-1 → st-2 → st-3 → end-good / end-mixed, with a short cut to end-poor from st-1
 * and a loop from st-2 back to st-1.
 */
const scenario: Scenario = {
  id: 'sc-test',
  title: 'Test',
  setting: 'Foster care, England',
  summary: 'A test scenario.',
  start: 'st-1',
  steps: [
    { id: 'st-1', text: 'Step one.', choices: [choice('a', 'good', 'st-2'), choice('b', 'mixed', 'st-2'), choice('c', 'poor', 'end-poor')] },
    { id: 'st-2', text: 'Step two.', choices: [choice('a', 'good', 'st-3'), choice('b', 'poor', 'st-1')] },
    { id: 'st-3', text: 'Step three.', choices: [choice('a', 'good', 'end-good'), choice('b', 'mixed', 'end-mixed')] },
  ],
  endings: [ending('end-good', 'good'), ending('end-mixed', 'mixed'), ending('end-poor', 'poor')],
}

function expectInvalid(fn: () => unknown): void {
  expect(fn).toThrow(DomainError)
  try {
    fn()
  }
  catch (e) {
    expect((e as DomainError).kind).toBe('invalid')
  }
}

const steps = (...pairs: string[]): PathEntry[] => pairs.map((p) => {
  const [stepId, choiceId] = p.split('/') as [string, string]
  return { stepId, choiceId }
})

describe('publicStep', () => {
  it('shows the text and the choices, nothing that says which is best', () => {
    const step = publicStep(scenario, 'st-1')
    expect({ ...step, choices: [...step.choices].sort((x, y) => x.id.localeCompare(y.id)) }).toEqual({
      id: 'st-1',
      text: 'Step one.',
      choices: [{ id: 'a', text: 'Choice a (st-2)' }, { id: 'b', text: 'Choice b (st-2)' }, { id: 'c', text: 'Choice c (end-poor)' }],
    })
    const json = JSON.stringify(step)
    for (const word of ['"quality"', '"consequence"', '"feedback"', '"next"', 'CONSEQUENCE-', 'FEEDBACK-', '"good"', '"poor"']) expect(json).not.toContain(word)
  })

  it.each(['st-9', '', 'end-good', 'constructor', '__proto__'])('refuses the unknown step %j', (stepId) => {
    expectInvalid(() => publicStep(scenario, stepId))
  })
})

describe('the order of choices', () => {
  const order = (seedOf?: Parameters<typeof publicStep>[2]) => publicStep(scenario, 'st-1', seedOf).choices.map(c => c.id).join()

  it('is the same for one learner every time, and differs between learners', () => {
    expect(order(keyedSeeds('k', 'enrolment-1'))).toBe(order(keyedSeeds('k', 'enrolment-1')))
    const orders = new Set(Array.from({ length: 30 }, (_, n) => order(keyedSeeds('k', `enrolment-${n}`))))
    expect(orders.size).toBeGreaterThan(3)
  })

  it('is the learner\'s order wherever a step is shown: after a choice and in a rebuilt run', () => {
    const seeds = keyedSeeds('k', 'enrolment-7')
    const shown = publicStep(scenario, 'st-2', seeds)
    expect(choose(scenario, 'st-1', 'a', [], seeds).next).toEqual({ kind: 'step', step: shown })
    expect(scenarioProgress(scenario, steps('st-1/a'), 1, seeds).current).toEqual({ kind: 'step', step: shown })
  })
})

describe('choose', () => {
  it('leads to the next step, shown without its answers', () => {
    expect(choose(scenario, 'st-1', 'b')).toEqual({
      choiceId: 'b',
      quality: 'mixed',
      consequence: 'CONSEQUENCE-b-st-2',
      feedback: 'FEEDBACK-b-st-2',
      next: { kind: 'step', step: publicStep(scenario, 'st-2') },
    })
  })

  it('leads to an ending with its debrief', () => {
    expect(choose(scenario, 'st-3', 'a')).toEqual({
      choiceId: 'a',
      quality: 'good',
      consequence: 'CONSEQUENCE-a-end-good',
      feedback: 'FEEDBACK-a-end-good',
      next: { kind: 'ending', ending: { id: 'end-good', title: 'Title end-good', outcome: 'good', decisions: [{ stepId: 'st-3', stepText: 'Step three.', choiceId: 'a', choiceText: 'Choice a (end-good)', quality: 'good', feedback: 'FEEDBACK-a-end-good' }], text: 'Text end-good', debrief: 'DEBRIEF-end-good' } },
    })
  })

  it('passes on only the known fields of an ending', () => {
    const extra = { ...scenario, endings: scenario.endings.map(e => ({ ...e, internalNote: 'secret' })) }
    expect(JSON.stringify(choose(extra, 'st-1', 'c'))).not.toContain('secret')
  })

  it.each([
    ['st-9', 'a'], // unknown step
    ['st-2', 'c'], // c belongs to st-1, not st-2
    ['st-1', 'z'],
    ['end-good', 'a'],
    ['st-1', ''],
  ])('refuses step %j, choice %j', (stepId, choiceId) => {
    expectInvalid(() => choose(scenario, stepId, choiceId))
  })

  it('treats a choice that leads nowhere as a content bug, not bad input', () => {
    const broken: Scenario = { ...scenario, steps: [{ id: 'st-1', text: 't', choices: [choice('a', 'good', 'st-404'), choice('b', 'good', 'end-good')] }] }
    expect(() => choose(broken, 'st-1', 'a')).toThrow(Error)
    expect(() => choose(broken, 'st-1', 'a')).not.toThrow(DomainError)
  })
})

describe('replayPath', () => {
  it.each<[string, PathEntry[], ReturnType<typeof replayPath>]>([
    ['not started', [], { finished: false }],
    ['one step in', steps('st-1/a'), { finished: false }],
    ['two steps in', steps('st-1/a', 'st-2/a'), { finished: false }],
    ['a good ending', steps('st-1/a', 'st-2/a', 'st-3/a'), { finished: true, endingId: 'end-good', outcome: 'good' }],
    ['a mixed ending', steps('st-1/b', 'st-2/a', 'st-3/b'), { finished: true, endingId: 'end-mixed', outcome: 'mixed' }],
    ['straight to a poor ending', steps('st-1/c'), { finished: true, endingId: 'end-poor', outcome: 'poor' }],
    ['round the loop and out', steps('st-1/a', 'st-2/b', 'st-1/b', 'st-2/a', 'st-3/a'), { finished: true, endingId: 'end-good', outcome: 'good' }],
  ])('%s', (_, path, expected) => {
    expect(replayPath(scenario, path)).toEqual(expected)
  })

  it.each<[string, unknown]>([
    ['does not start at the start', steps('st-2/a', 'st-3/a')],
    ['skips a step', steps('st-1/a', 'st-3/a')],
    ['goes to a step the choice does not lead to', steps('st-1/c', 'st-2/a')],
    ['uses another step\'s choice', steps('st-1/a', 'st-2/c')],
    ['uses an unknown choice', steps('st-1/z')],
    ['uses an unknown step', steps('st-9/a')],
    ['carries on after the ending', steps('st-1/a', 'st-2/a', 'st-3/a', 'st-1/a')],
    ['repeats the last step', steps('st-1/a', 'st-1/a')],
    ['has a null entry', [null]],
    ['has a string entry', ['st-1/a']],
    ['has numbers for ids', [{ stepId: 1, choiceId: 2 }]],
    ['is not a list', { stepId: 'st-1', choiceId: 'a' }],
    ['is too long', steps(...Array.from({ length: 26 }, () => ['st-1/a', 'st-2/b']).flat())],
  ])('refuses a path that %s', (_, path) => {
    expectInvalid(() => replayPath(scenario, path as PathEntry[]))
  })

  it('allows a path of exactly 50 choices', () => {
    const loops = steps(...Array.from({ length: 25 }, () => ['st-1/a', 'st-2/b']).flat())
    expect(loops).toHaveLength(50)
    expect(replayPath(scenario, loops)).toEqual({ finished: false })
  })

  it('stops early on a 10,000-entry path', () => {
    expectInvalid(() => replayPath(scenario, Array.from({ length: 10_000 }, () => ({ stepId: 'st-1', choiceId: 'a' }))))
  })
})

describe('validateScenarioGraph', () => {
  // The fixture above loops (st-2/b goes back to st-1), which the engine survives but content may not do.
  const sound: Scenario = { ...scenario, steps: scenario.steps.map(st => st.id === 'st-2' ? { ...st, choices: [choice('a', 'good', 'st-3'), choice('b', 'poor', 'end-poor')] } : st) }

  it('finds nothing wrong with a sound scenario', () => {
    expect(validateScenarioGraph(sound)).toEqual([])
  })

  it('reports a loop, since a path could go round it for ever', () => {
    expect(validateScenarioGraph(scenario)).toEqual(['sc-test: step "st-1" can be reached again from itself, so a path could go on for ever'])
  })

  const withSteps = (extra: Scenario['steps'], patch: Partial<Scenario> = {}): Scenario =>
    ({ ...sound, steps: [...sound.steps, ...extra], ...patch })
  const withEndings = (endings: Scenario['endings']): Scenario => ({ ...sound, endings })
  const good = sound.endings[0]!

  // From st-0 a learner can walk into st-4 ⇄ st-5 and never reach an ending.
  const trap: Scenario = {
    ...scenario,
    start: 'st-0',
    steps: [
      { id: 'st-0', text: 'Step zero.', choices: [choice('a', 'good', 'st-1'), choice('b', 'poor', 'st-4')] },
      ...scenario.steps,
      { id: 'st-4', text: 'Trap.', choices: [choice('a', 'poor', 'st-5'), choice('b', 'poor', 'st-4')] },
      { id: 'st-5', text: 'Trap.', choices: [choice('a', 'poor', 'st-4'), choice('b', 'poor', 'st-5')] },
    ],
  }

  it.each<[string, Scenario, string]>([
    ['a choice to nowhere', withSteps([], { steps: [{ ...sound.steps[0]!, choices: [...sound.steps[0]!.choices, choice('d', 'poor', 'st-404')] }, ...sound.steps.slice(1)] }), '"st-404", which is neither a step nor an ending'],
    ['an unreachable step', withSteps([{ id: 'st-x', text: 'x', choices: [choice('a', 'good', 'end-good'), choice('b', 'good', 'end-poor')] }]), 'step "st-x" cannot be reached'],
    ['an unreachable ending', withEndings([...sound.endings, ending('end-lost', 'good')]), 'ending "end-lost" is not reached by any path'],
    ['an ending whose condition never holds', withEndings([{ ...good, when: { minScore: 100 }, otherwise: 'end-mixed' }, ...sound.endings.slice(1)]), 'ending "end-good" is not reached by any path'],
    ['a condition without otherwise', withEndings([{ ...good, when: { maxPoor: 0 } }, ...sound.endings.slice(1)]), 'ending "end-good" has `when` but no `otherwise`'],
    ['otherwise naming no ending', withEndings([{ ...good, when: { maxPoor: 0 }, otherwise: 'st-3' }, ...sound.endings.slice(1)]), 'otherwise "st-3", which is not another ending'],
    ['otherwise naming itself', withEndings([{ ...good, when: { maxPoor: 0 }, otherwise: 'end-good' }, ...sound.endings.slice(1)]), 'otherwise "end-good", which is not another ending'],
    ['otherwise links that loop', withEndings([{ ...good, when: { maxPoor: 0 }, otherwise: 'end-mixed' }, { ...sound.endings[1]!, when: { maxMixed: 0 }, otherwise: 'end-good' }, sound.endings[2]!]), 'following otherwise from ending "end-good" goes round in a loop'],
    ['a condition on a choice that does not exist', withEndings([{ ...good, when: { chose: ['st-2/z'] }, otherwise: 'end-mixed' }, ...sound.endings.slice(1)]), 'names the choice "st-2/z", which does not exist'],
    ['a trap with no way out', trap, 'step "st-4" cannot reach any ending'],
    ['a step and an ending sharing an id', withEndings([...sound.endings, ending('st-3', 'good')]), '"st-3" is used more than once'],
    ['two steps sharing an id', withSteps([{ ...sound.steps[2]! }]), '"st-3" is used more than once'],
    ['two choices sharing an id', withSteps([], { steps: [{ ...sound.steps[0]!, choices: [...sound.steps[0]!.choices, choice('a', 'poor', 'end-poor')] }, ...sound.steps.slice(1)] }), 'step "st-1" has more than one choice "a"'],
    ['a missing start', { ...sound, start: 'st-0' }, 'the start "st-0" is not a step'],
    ['an ending as the start', { ...sound, start: 'end-good' }, 'the start "end-good" is not a step'],
  ])('reports %s', (_, s, problem) => {
    const problems = validateScenarioGraph(s)
    expect(problems.some(p => p.includes(problem))).toBe(true)
    for (const p of problems) expect(p.startsWith('sc-test: ')).toBe(true)
  })
})

describe('scenarioProgress', () => {
  it('starts at the first step with no history', () => {
    expect(scenarioProgress(scenario, [], 1)).toEqual({ run: 1, history: [], current: { kind: 'step', step: publicStep(scenario, 'st-1') } })
  })

  it('rebuilds the choices made so far with the feedback earned, then the step reached', () => {
    const progress = scenarioProgress(scenario, steps('st-1/b', 'st-2/a'), 2)
    expect(progress.run).toBe(2)
    expect(progress.history).toEqual([
      { step: publicStep(scenario, 'st-1'), choice: { id: 'b', text: 'Choice b (st-2)' }, quality: 'mixed', consequence: 'CONSEQUENCE-b-st-2', feedback: 'FEEDBACK-b-st-2' },
      { step: publicStep(scenario, 'st-2'), choice: { id: 'a', text: 'Choice a (st-3)' }, quality: 'good', consequence: 'CONSEQUENCE-a-st-3', feedback: 'FEEDBACK-a-st-3' },
    ])
    expect(progress.current).toEqual({ kind: 'step', step: publicStep(scenario, 'st-3') })
  })

  it('shows nothing about the choices not made', () => {
    const json = JSON.stringify(scenarioProgress(scenario, steps('st-1/a'), 1))
    for (const unseen of ['FEEDBACK-b-', 'FEEDBACK-c-', 'CONSEQUENCE-c-', 'DEBRIEF-', '"next"']) expect(json).not.toContain(unseen)
  })

  it('ends with the ending and its debrief', () => {
    const progress = scenarioProgress(scenario, steps('st-1/a', 'st-2/a', 'st-3/b'), 1)
    expect(progress.current).toEqual({ kind: 'ending', ending: expect.objectContaining({ id: 'end-mixed', title: 'Title end-mixed', outcome: 'mixed', text: 'Text end-mixed', debrief: 'DEBRIEF-end-mixed' }) })
  })

  it('follows a loop back to an earlier step', () => {
    const progress = scenarioProgress(scenario, steps('st-1/a', 'st-2/b'), 1)
    expect(progress.history).toHaveLength(2)
    expect(progress.current).toEqual({ kind: 'step', step: publicStep(scenario, 'st-1') })
  })

  it('refuses a stored path that does not follow the scenario', () => {
    expectInvalid(() => scenarioProgress(scenario, steps('st-2/a'), 1))
  })
})

describe('advanceRun', () => {
  it.each<[string, string[], string, string | null]>([
    ['the first choice', [], 'st-1/a', null],
    ['a choice at the step reached', ['st-1/a'], 'st-2/a', null],
    ['a choice that ends the run', ['st-1/a', 'st-2/a'], 'st-3/a', 'end-good'],
    ['the short cut to an ending', [], 'st-1/c', 'end-poor'],
  ])('accepts %s', (_, before, entry, endingId) => {
    const out = advanceRun(scenario, steps(...before), steps(entry)[0]!)
    expect(out.path).toEqual(steps(...before, entry))
    expect(out.endingId).toBe(endingId)
    expect(out.result).toEqual(choose(scenario, entry.split('/')[0]!, entry.split('/')[1]!, steps(...before)))
  })

  it.each<[string, string[], string]>([
    ['a step not reached yet', [], 'st-2/a'],
    ['a step already passed', ['st-1/a'], 'st-1/b'],
    ['a choice that does not exist', ['st-1/a'], 'st-2/z'],
    ['a choice after the run has ended', ['st-1/c'], 'st-1/a'],
  ])('refuses %s', (_, before, entry) => {
    expectInvalid(() => advanceRun(scenario, steps(...before), steps(entry)[0]!))
  })

  it('does not change the path it was given', () => {
    const path = steps('st-1/a')
    advanceRun(scenario, path, steps('st-2/a')[0]!)
    expect(path).toEqual(steps('st-1/a'))
  })
})

describe('the whole-path engine', () => {
  // st-1 offers good, mixed and poor; st-2 ends. The ending the last choice names is only the first one tried.
  const paths: Scenario = {
    ...scenario,
    steps: [
      { id: 'st-1', text: 'Step one.', choices: [choice('a', 'good', 'st-2'), choice('b', 'mixed', 'st-2'), choice('c', 'poor', 'st-2')] },
      { id: 'st-2', text: 'Step two.', choices: [choice('a', 'good', 'end-safe'), choice('b', 'poor', 'end-harm')] },
    ],
    endings: [
      { ...ending('end-safe', 'good'), when: { maxPoor: 0, maxMixed: 0 }, otherwise: 'end-late' },
      { ...ending('end-late', 'mixed'), when: { minScore: 3 }, otherwise: 'end-harm' },
      ending('end-harm', 'poor'),
    ],
  }

  it.each<[string, string[], string]>([
    ['only good choices reach the good ending', ['st-1/a', 'st-2/a'], 'end-safe'],
    ['a good last click after a mixed choice reaches the mixed ending', ['st-1/b', 'st-2/a'], 'end-late'],
    ['a good last click after a poor choice falls through to the poor ending', ['st-1/c', 'st-2/a'], 'end-harm'],
    ['a poor last choice ends poorly whatever came before', ['st-1/a', 'st-2/b'], 'end-harm'],
  ])('%s', (_, path, endingId) => {
    expect(endingFor(paths, steps(...path)).id).toBe(endingId)
    expect(replayPath(paths, steps(...path))).toMatchObject({ finished: true, endingId })
    expect(advanceRun(paths, steps(path[0]!), steps(path[1]!)[0]!).endingId).toBe(endingId)
  })

  it('lists, in the ending, each decision the learner took with its quality and feedback', () => {
    const result = choose(paths, 'st-2', 'a', steps('st-1/c'))
    expect(result.next).toEqual({
      kind: 'ending',
      ending: {
        id: 'end-harm',
        title: 'Title end-harm',
        outcome: 'poor',
        decisions: [
          { stepId: 'st-1', stepText: 'Step one.', choiceId: 'c', choiceText: 'Choice c (st-2)', quality: 'poor', feedback: 'FEEDBACK-c-st-2' },
          { stepId: 'st-2', stepText: 'Step two.', choiceId: 'a', choiceText: 'Choice a (end-safe)', quality: 'good', feedback: 'FEEDBACK-a-end-safe' },
        ],
        text: 'Text end-harm',
        debrief: 'DEBRIEF-end-harm',
      },
    })
    // Nothing of the choices not taken.
    expect(JSON.stringify(result)).not.toMatch(/FEEDBACK-[ab]-st-2|FEEDBACK-b-end-harm/)
  })

  it('rebuilds a stored run to the same ending', () => {
    const progress = scenarioProgress(paths, steps('st-1/b', 'st-2/a'), 1)
    expect(progress.current).toMatchObject({ kind: 'ending', ending: { id: 'end-late', outcome: 'mixed' } })
  })

  it('is sound, and its routes reach every ending', () => {
    expect(validateScenarioGraph(paths)).toEqual([])
    const routes = scenarioRoutes(paths)
    expect(routes).toHaveLength(6)
    expect(routes.map(r => r.ending.id).sort()).toEqual(['end-harm', 'end-harm', 'end-harm', 'end-harm', 'end-late', 'end-safe'])
    expect(routes.find(r => r.ending.id === 'end-late')).toMatchObject({ path: steps('st-1/b', 'st-2/a'), qualities: ['mixed', 'good'] })
  })

  describe('conditionHolds', () => {
    const taken = [
      { step: { id: 'st-1' }, choice: choice('b', 'mixed', 'st-2') },
      { step: { id: 'st-2' }, choice: choice('a', 'good', 'end-safe') },
    ]
    it.each<[string, Parameters<typeof conditionHolds>[0], boolean]>([
      ['no condition', undefined, true],
      ['maxMixed met', { maxMixed: 1 }, true],
      ['maxMixed exceeded', { maxMixed: 0 }, false],
      ['maxPoor met', { maxPoor: 0 }, true],
      ['minScore met exactly', { minScore: 3 }, true],
      ['minScore missed', { minScore: 4 }, false],
      ['a choice that was made', { chose: ['st-1/b'] }, true],
      ['a choice that was not made', { chose: ['st-1/a'] }, false],
      ['notChose of a choice made', { notChose: ['st-2/a'] }, false],
      ['notChose of a choice not made', { notChose: ['st-2/b'] }, true],
      ['every condition must hold', { maxPoor: 0, minScore: 4 }, false],
    ])('%s', (_, when, holds) => {
      expect(conditionHolds(when, taken)).toBe(holds)
    })
  })
})
