import type { Quality, Scenario, ScenarioChoice, ScenarioEnding, ScenarioStep } from './course-types'
import { DomainError } from './errors'

/** A step as the browser sees it before choosing: no quality, consequence, feedback or next. */
export interface PublicStep {
  id: string
  text: string
  choices: { id: string, text: string }[]
}

export interface PublicEnding {
  id: string
  title: string
  outcome: Quality
  text: string
  debrief: string
}

export interface ChoiceResult {
  choiceId: string
  quality: Quality
  consequence: string
  feedback: string
  next: { kind: 'step', step: PublicStep } | { kind: 'ending', ending: PublicEnding }
}

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

/** The step without anything that says which choice is best. */
export function publicStep(s: Scenario, stepId: string): PublicStep {
  const step = findStep(s, stepId)
  return { id: step.id, text: step.text, choices: step.choices.map(c => ({ id: c.id, text: c.text })) }
}

/** What happens after a choice: its feedback, then the next step or the ending. */
export function choose(s: Scenario, stepId: string, choiceId: string): ChoiceResult {
  const choice = findChoice(findStep(s, stepId), choiceId)
  const { quality, consequence, feedback } = choice
  const ending = findEnding(s, choice.next)
  if (ending) {
    const { id, title, outcome, text, debrief } = ending
    return { choiceId: choice.id, quality, consequence, feedback, next: { kind: 'ending', ending: { id, title, outcome, text, debrief } } }
  }
  if (!s.steps.some(st => st.id === choice.next)) throw new Error(`${s.id}: choice ${stepId}/${choice.id} leads nowhere`)
  return { choiceId: choice.id, quality, consequence, feedback, next: { kind: 'step', step: publicStep(s, choice.next) } }
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
    const ending = findEnding(s, choice.next)
    if (ending) {
      if (i !== path.length - 1) throw invalid('The path goes on after the scenario has ended.')
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
  if (!stepIds.includes(s.start)) {
    problems.push(`${s.id}: the start "${s.start}" is not a step`)
    return problems
  }

  const seen = reachable(s, s.start)
  for (const id of stepIds) if (!seen.has(id)) problems.push(`${s.id}: step "${id}" cannot be reached from the start`)
  for (const id of endingIds) if (!seen.has(id)) problems.push(`${s.id}: ending "${id}" cannot be reached from the start`)
  const canEnd = stepsThatCanEnd(s)
  for (const id of stepIds) if (!canEnd.has(id)) problems.push(`${s.id}: step "${id}" cannot reach any ending`)
  return problems
}

/** One choice already made in the current run, with what the learner was shown for it. */
export interface HistoryEntry {
  step: PublicStep
  choice: { id: string, text: string }
  quality: Quality
  consequence: string
  feedback: string
}

/**
 * Where a learner is in a scenario: the choices made in the current run (each with the feedback already
 * earned), then the step they are at or the ending they reached. Nothing about choices not made.
 */
export interface ScenarioProgress {
  run: number
  history: HistoryEntry[]
  current: { kind: 'step', step: PublicStep } | { kind: 'ending', ending: PublicEnding }
}

/** Rebuilds a run from its stored path, checking it against the scenario as it is now. */
export function scenarioProgress(s: Scenario, path: PathEntry[], run: number): ScenarioProgress {
  replayPath(s, path)
  const history: HistoryEntry[] = []
  let current: ScenarioProgress['current'] = { kind: 'step', step: publicStep(s, s.start) }
  for (const entry of path) {
    const step = findStep(s, entry.stepId)
    const choice = findChoice(step, entry.choiceId)
    const result = choose(s, entry.stepId, entry.choiceId)
    history.push({
      step: publicStep(s, step.id),
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
export function advanceRun(s: Scenario, path: PathEntry[], entry: PathEntry): { path: PathEntry[], result: ChoiceResult, endingId: string | null } {
  if (replayPath(s, path).finished) throw invalid('This scenario has ended. Start it again to make different choices.')
  const next = [...path, { stepId: entry.stepId, choiceId: entry.choiceId }]
  const replay = replayPath(s, next)
  return { path: next, result: choose(s, entry.stepId, entry.choiceId), endingId: replay.endingId ?? null }
}
