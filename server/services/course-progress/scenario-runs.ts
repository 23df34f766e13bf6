import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { scenarioRuns } from '../../db/schema'
import type { Scenario } from '../../domain/course-progress/course-types'
import type { SeedOf } from '../../domain/course-progress/shuffle'
import { advanceRun, type ChoiceResult, publicStep, type PathEntry, type PublicStep, replayPath, scenarioProgress, type ScenarioProgress } from '../../domain/course-progress/scenarios'

type Run = typeof scenarioRuns.$inferSelect

/** The current (latest) run of a scenario, locked for this transaction; run 1 is created on first use. */
async function lockCurrentRun(db: Db, enrolmentId: string, activityId: string): Promise<Run> {
  const latest = () => db.select().from(scenarioRuns)
    .where(and(eq(scenarioRuns.enrolmentId, enrolmentId), eq(scenarioRuns.activityId, activityId)))
    .orderBy(desc(scenarioRuns.run)).limit(1).for('update')
  const [run] = await latest()
  if (run) return run
  await db.insert(scenarioRuns).values({ enrolmentId, activityId, run: 1 }).onConflictDoNothing()
  const [created] = await latest()
  return created!
}

function fitsScenario(scenario: Scenario, path: PathEntry[]) {
  try {
    replayPath(scenario, path)
    return true
  }
  catch {
    return false
  }
}

/**
 * Records one choice in the current run, which must have reached that step and not yet ended.
 * Returns what the learner sees next and the ending, if this choice reached one.
 */
export async function chooseInRun(db: Db, enrolmentId: string, scenario: Scenario, entry: PathEntry, now: Date, seedOf?: SeedOf): Promise<{ result: ChoiceResult, run: number, endingId: string | null }> {
  let run = await lockCurrentRun(db, enrolmentId, scenario.id)
  if (!fitsScenario(scenario, run.path)) {
    // Published ids never change, but if content ever broke a stored path, carry on in a fresh run.
    ;[run] = await db.insert(scenarioRuns).values({ enrolmentId, activityId: scenario.id, run: run.run + 1, startedAt: now }).returning() as [Run]
  }
  const { path, result, endingId } = advanceRun(scenario, run.path, entry, seedOf)
  await db.update(scenarioRuns).set({ path, endingId, endedAt: endingId ? now : null })
    .where(and(eq(scenarioRuns.enrolmentId, enrolmentId), eq(scenarioRuns.activityId, scenario.id), eq(scenarioRuns.run, run.run)))
  return { result, run: run.run, endingId }
}

/** Starts the scenario again. A run with no choices yet is reused, so a double click adds nothing. */
export async function restartRun(db: Db, enrolmentId: string, scenario: Scenario, now: Date, seedOf?: SeedOf): Promise<{ run: number, start: PublicStep }> {
  const current = await lockCurrentRun(db, enrolmentId, scenario.id)
  const start = publicStep(scenario, scenario.start, seedOf)
  if (current.path.length === 0) return { run: current.run, start }
  await db.insert(scenarioRuns).values({ enrolmentId, activityId: scenario.id, run: current.run + 1, startedAt: now })
  return { run: current.run + 1, start }
}

/** Each scenario's current run as the learner left it. A run the content no longer fits starts afresh. */
export async function currentRuns(db: Db, enrolmentId: string, scenarios: Scenario[], seedOf?: SeedOf): Promise<Record<string, ScenarioProgress>> {
  if (scenarios.length === 0) return {}
  const rows = await db.selectDistinctOn([scenarioRuns.activityId]).from(scenarioRuns)
    .where(and(eq(scenarioRuns.enrolmentId, enrolmentId), inArray(scenarioRuns.activityId, scenarios.map(s => s.id))))
    .orderBy(scenarioRuns.activityId, desc(scenarioRuns.run))
  const out: Record<string, ScenarioProgress> = {}
  for (const row of rows) {
    const scenario = scenarios.find(s => s.id === row.activityId)!
    out[row.activityId] = scenarioProgress(scenario, fitsScenario(scenario, row.path) ? row.path : [], row.run, seedOf)
  }
  return out
}
