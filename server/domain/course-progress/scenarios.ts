import type { EndingCondition, Quality, Scenario, ScenarioChoice, ScenarioEnding, ScenarioStep } from './course-types'
import { DomainError } from '../platform/errors'
import { anonymousSeeds, type SeedOf, shuffleWith } from './shuffle'
import type { ChoiceResult, HistoryEntry, PublicEnding, PublicStep, ScenarioProgress } from '#shared/types/scenarios'

export type { ChoiceResult, Decision, HistoryEntry, PublicEnding, PublicStep, ScenarioProgress } from '#shared/types/scenarios'

export interface PathEntry {
  stepId: string
  choiceId: string
}

export interface ReplayResult {
  finished: boolean
  endingId?: string
  outcome?: Quality
}

/** No real scenario comes close; the cap stops a crafted path (or a loop) costing much work. */
export const MAX_PATH_LENGTH = 50

const invalid = (message: string) => new DomainError('invalid', message)

function findStep(s: Scenario, stepId: unknown): ScenarioStep {
  const step = s.steps.find(st => st.id === stepId)
  if (!step) throw invalid(`There is no step ${JSON.stringify(stepId)} in this scenario.`)
  return step
}

function findChoice(step: ScenarioStep, choiceId: unknown): ScenarioChoice {
  const choice = step.choices.find(c => c.id === choiceId)
  if (!choice) throw invalid(`There is no choice ${JSON.stringify(choiceId)} at this step.`)
  return choice
}

function findEnding(s: Scenario, id: string): ScenarioEnding | undefined {
  return s.endings.find(e => e.id === id)
}

/** The step without anything that says which choice is best, its choices in the learner's own order (shuffle.ts). */
export function publicStep(s: Scenario, stepId: string, seedOf: SeedOf = anonymousSeeds): PublicStep {
  const step = findStep(s, stepId)
  return { id: step.id, text: step.text, choices: shuffleWith(step.choices.map(c => ({ id: c.id, text: c.text })), seedOf(`${s.id}/${step.id}`)) }
}

/** Points for the running score of an ending's `minScore`. */
export const QUALITY_POINTS: Record<Quality, number> = { good: 2, mixed: 1, poor: 0 }

/** The choices of a path that is known to fit the scenario. */
function choicesOf(s: Scenario, path: PathEntry[]): { step: ScenarioStep, choice: ScenarioChoice }[] {
  return path.map((entry) => {
    const step = findStep(s, entry.stepId)
    return { step, choice: findChoice(step, entry.choiceId) }
  })
}

/** Whether every condition given holds for the whole path. */
export function conditionHolds(when: EndingCondition | undefined, taken: { step: { id: string }, choice: ScenarioChoice }[]): boolean {
  if (!when) return true
  const count = (q: Quality) => taken.filter(t => t.choice.quality === q).length
  const names = new Set(taken.map(t => `${t.step.id}/${t.choice.id}`))
  const score = taken.reduce((n, t) => n + QUALITY_POINTS[t.choice.quality], 0)
  return (when.maxPoor === undefined || count('poor') <= when.maxPoor)
    && (when.maxMixed === undefined || count('mixed') <= when.maxMixed)
    && (when.minScore === undefined || score >= when.minScore)
    && (when.chose ?? []).every(c => names.has(c))
    && !(when.notChose ?? []).some(c => names.has(c))
}

/**
 * The ending a finished path reaches: the one its last choice names, or, while that ending's `when` does
 * not hold for the whole path, the ending its `otherwise` names. A broken chain (validateScenarioGraph
 * reports it) is a content error, not the learner's.
 */
export function endingFor(s: Scenario, path: PathEntry[]): ScenarioEnding {
  const taken = choicesOf(s, path)
  const last = taken.at(-1)
  let ending = last ? findEnding(s, last.choice.next) : undefined
  for (let hops = 0; ending && !conditionHolds(ending.when, taken); hops++) {
    if (hops > s.endings.length) throw new Error(`${s.id}: the endings' otherwise links loop`)
    ending = ending.otherwise ? findEnding(s, ending.otherwise) : undefined
  }
  if (!ending) throw new Error(`${s.id}: the path ${path.map(e => `${e.stepId}/${e.choiceId}`).join(' ')} reaches no ending`)
  return ending
}

function publicEnding(s: Scenario, path: PathEntry[]): PublicEnding {
  const { id, title, outcome, text, debrief } = endingFor(s, path)
  const decisions = choicesOf(s, path).map(({ step, choice }) => ({
    stepId: step.id,
    stepText: step.text,
    choiceId: choice.id,
    choiceText: choice.text,
    quality: choice.quality,
    feedback: choice.feedback,
  }))
  return { id, title, outcome, decisions, text, debrief }
}

/**
 * What happens after a choice: its feedback, then the next step or the ending. `before` is the path that
 * led to this step: the ending depends on all of it.
 */
export function choose(s: Scenario, stepId: string, choiceId: string, before: PathEntry[] = [], seedOf: SeedOf = anonymousSeeds): ChoiceResult {
  const choice = findChoice(findStep(s, stepId), choiceId)
  const { quality, consequence, feedback } = choice
  if (findEnding(s, choice.next)) {
    return { choiceId: choice.id, quality, consequence, feedback, next: { kind: 'ending', ending: publicEnding(s, [...before, { stepId, choiceId: choice.id }]) } }
  }
  if (!s.steps.some(st => st.id === choice.next)) throw new Error(`${s.id}: choice ${stepId}/${choice.id} leads nowhere`)
  return { choiceId: choice.id, quality, consequence, feedback, next: { kind: 'step', step: publicStep(s, choice.next, seedOf) } }
}

/**
 * Walks a stored or submitted path from the start, so the server never trusts the browser's idea of where
 * a learner got to. Any step that does not follow from the previous choice makes the whole path invalid.
 */
export function replayPath(s: Scenario, path: PathEntry[]): ReplayResult {
  if (!Array.isArray(path)) throw invalid('The path must be a list.')
  if (path.length > MAX_PATH_LENGTH) throw invalid('The path is too long.')
  let expected: string = s.start
  for (const [i, entry] of path.entries()) {
    if (typeof entry !== 'object' || entry === null) throw invalid('Each entry of the path needs a stepId and a choiceId.')
    if (entry.stepId !== expected) throw invalid(`Step ${i + 1} of the path should be ${JSON.stringify(expected)}.`)
    const choice = findChoice(findStep(s, entry.stepId), entry.choiceId)
    if (findEnding(s, choice.next)) {
      if (i !== path.length - 1) throw invalid('The path goes on after the scenario has ended.')
      const ending = endingFor(s, path)
      return { finished: true, endingId: ending.id, outcome: ending.outcome }
    }
    expected = choice.next
  }
  return { finished: false }
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const id of ids) (seen.has(id) ? repeated : seen).add(id)
  return [...repeated]
}

/** Everything reachable from `from` by following choices. */
function reachable(s: Scenario, from: string): Set<string> {
  const stepsById = new Map(s.steps.map(st => [st.id, st]))
  const seen = new Set<string>([from])
  const queue = [from]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const c of stepsById.get(id)?.choices ?? []) {
      if (!seen.has(c.next)) {
        seen.add(c.next)
        queue.push(c.next)
      }
    }
  }
  return seen
}

/** Steps from which some ending can be reached, found by walking backwards from the endings. */
function stepsThatCanEnd(s: Scenario): Set<string> {
  const canEnd = new Set(s.endings.map(e => e.id))
  for (let changed = true; changed;) {
    changed = false
    for (const st of s.steps) {
      if (!canEnd.has(st.id) && st.choices.some(c => canEnd.has(c.next))) {
        canEnd.add(st.id)
        changed = true
      }
    }
  }
  return canEnd
}

/** A route through a scenario from the start to its ending, as the engine resolves it. */
export interface ScenarioRoute {
  path: PathEntry[]
  qualities: Quality[]
  ending: ScenarioEnding
}

/** More routes than any real scenario has: enumeration stops here rather than run away. */
export const MAX_ROUTES = 100_000

/**
 * Every route from the start to an ending, with the ending the whole path reaches. Call it only on a
 * scenario whose graph is sound (no loops, every choice leading somewhere): validateScenarioGraph checks.
 */
export function scenarioRoutes(s: Scenario): ScenarioRoute[] {
  const routes: ScenarioRoute[] = []
  const walk = (stepId: string, path: PathEntry[], qualities: Quality[]) => {
    const step = s.steps.find(st => st.id === stepId)
    if (!step || path.length >= MAX_PATH_LENGTH || routes.length >= MAX_ROUTES) return
    for (const c of step.choices) {
      const nextPath = [...path, { stepId, choiceId: c.id }]
      const nextQualities = [...qualities, c.quality]
      if (findEnding(s, c.next)) routes.push({ path: nextPath, qualities: nextQualities, ending: endingFor(s, nextPath) })
      else walk(c.next, nextPath, nextQualities)
    }
  }
  walk(s.start, [], [])
  return routes
}

/** A step that can be reached again from itself, if any: the path could go round for ever. */
function findLoop(s: Scenario): string | undefined {
  const stepsById = new Map(s.steps.map(st => [st.id, st]))
  const state = new Map<string, 'open' | 'done'>()
  const visit = (id: string): string | undefined => {
    if (state.get(id) === 'done' || !stepsById.has(id)) return undefined
    if (state.get(id) === 'open') return id
    state.set(id, 'open')
    for (const c of stepsById.get(id)!.choices) {
      const loop = visit(c.next)
      if (loop) return loop
    }
    state.set(id, 'done')
    return undefined
  }
  return visit(s.start)
}

/** Choices on the longest route from `stepId` to an ending (the graph has no loops). */
function longestRoute(s: Scenario, stepId: string, memo = new Map<string, number>()): number {
  const step = s.steps.find(st => st.id === stepId)
  if (!step) return 0
  if (!memo.has(stepId)) memo.set(stepId, 1 + Math.max(...step.choices.map(c => longestRoute(s, c.next, memo))))
  return memo.get(stepId)!
}

/** Problems with the endings' `when` and `otherwise`, which do not depend on the path. */
function endingProblems(s: Scenario): string[] {
  const problems: string[] = []
  const names = new Set(s.steps.flatMap(st => st.choices.map(c => `${st.id}/${c.id}`)))
  for (const e of s.endings) {
    if (e.when && !e.otherwise) problems.push(`${s.id}: ending "${e.id}" has \`when\` but no \`otherwise\` to go to when it does not hold`)
    if (e.otherwise !== undefined && (e.otherwise === e.id || !findEnding(s, e.otherwise))) {
      problems.push(`${s.id}: ending "${e.id}" has otherwise "${e.otherwise}", which is not another ending`)
    }
    for (const name of [...e.when?.chose ?? [], ...e.when?.notChose ?? []]) {
      if (!names.has(name)) problems.push(`${s.id}: ending "${e.id}" names the choice "${name}", which does not exist`)
    }
    // Following otherwise must reach an ending that always holds, without coming back round.
    const seen = new Set<string>()
    for (let at: ScenarioEnding | undefined = e; at?.when; at = at.otherwise ? findEnding(s, at.otherwise) : undefined) {
      if (seen.has(at.id)) {
        problems.push(`${s.id}: following otherwise from ending "${e.id}" goes round in a loop`)
        break
      }
      seen.add(at.id)
    }
  }
  return problems
}

/**
 * Problems with a scenario's graph, in words an author can act on; [] when it is sound.
 * Run over every real scenario by the content-integrity test.
 */
export function validateScenarioGraph(s: Scenario): string[] {
  const problems: string[] = []
  const stepIds = s.steps.map(st => st.id)
  const endingIds = s.endings.map(e => e.id)
  const nodes = new Set([...stepIds, ...endingIds])

  for (const id of duplicates([...stepIds, ...endingIds])) problems.push(`${s.id}: the id "${id}" is used more than once among steps and endings`)
  for (const st of s.steps) {
    for (const id of duplicates(st.choices.map(c => c.id))) problems.push(`${s.id}: step "${st.id}" has more than one choice "${id}"`)
    for (const c of st.choices) {
      if (!nodes.has(c.next)) problems.push(`${s.id}: choice "${st.id}/${c.id}" leads to "${c.next}", which is neither a step nor an ending`)
    }
  }
  problems.push(...endingProblems(s))
  if (!stepIds.includes(s.start)) {
    problems.push(`${s.id}: the start "${s.start}" is not a step`)
    return problems
  }

  const seen = reachable(s, s.start)
  for (const id of stepIds) if (!seen.has(id)) problems.push(`${s.id}: step "${id}" cannot be reached from the start`)
  const canEnd = stepsThatCanEnd(s)
  for (const id of stepIds) if (!canEnd.has(id)) problems.push(`${s.id}: step "${id}" cannot reach any ending`)
  const loop = findLoop(s)
  if (loop) problems.push(`${s.id}: step "${loop}" can be reached again from itself, so a path could go on for ever`)
  if (problems.length > 0) return problems

  // The graph is sound, so every route can be followed to the ending the whole path reaches.
  if (longestRoute(s, s.start) > MAX_PATH_LENGTH) problems.push(`${s.id}: a path takes more than ${MAX_PATH_LENGTH} choices to end`)
  const routes = scenarioRoutes(s)
  if (routes.length >= MAX_ROUTES) problems.push(`${s.id}: more than ${MAX_ROUTES} paths; simplify the scenario`)
  const reached = new Set(routes.map(r => r.ending.id))
  for (const id of endingIds) if (!reached.has(id)) problems.push(`${s.id}: ending "${id}" is not reached by any path`)
  return problems
}

/** Rebuilds a run from its stored path, checking it against the scenario as it is now. */
export function scenarioProgress(s: Scenario, path: PathEntry[], run: number, seedOf: SeedOf = anonymousSeeds): ScenarioProgress {
  replayPath(s, path)
  const history: HistoryEntry[] = []
  let current: ScenarioProgress['current'] = { kind: 'step', step: publicStep(s, s.start, seedOf) }
  for (const [i, entry] of path.entries()) {
    const step = findStep(s, entry.stepId)
    const choice = findChoice(step, entry.choiceId)
    const result = choose(s, entry.stepId, entry.choiceId, path.slice(0, i), seedOf)
    history.push({
      step: publicStep(s, step.id, seedOf),
      choice: { id: choice.id, text: choice.text },
      quality: result.quality,
      consequence: result.consequence,
      feedback: result.feedback,
    })
    current = result.next.kind === 'step' ? { kind: 'step', step: result.next.step } : { kind: 'ending', ending: result.next.ending }
  }
  return { run, history, current }
}

/**
 * The next choice in a run: it must be made at the step the run has reached, and the run must not have
 * ended (a replay starts a new run). Returns the longer path and what to show the learner.
 */
export function advanceRun(s: Scenario, path: PathEntry[], entry: PathEntry, seedOf: SeedOf = anonymousSeeds): { path: PathEntry[], result: ChoiceResult, endingId: string | null } {
  if (replayPath(s, path).finished) throw invalid('This scenario has ended. Start it again to make different choices.')
  const next = [...path, { stepId: entry.stepId, choiceId: entry.choiceId }]
  const replay = replayPath(s, next)
  return { path: next, result: choose(s, entry.stepId, entry.choiceId, path, seedOf), endingId: replay.endingId ?? null }
}
