import type { PublicActivity } from '#shared/types/sections'
import type { ChoiceResult, ScenarioProgress } from '#shared/types/scenarios'

type ScenarioActivity = Extract<PublicActivity, { type: 'scenario' }>

/**
 * A scenario run as the learner sees it: the saved run, then choices and replays queued or answered during
 * this visit. The server decides what each choice leads to; a replay is shown at once (its first step is
 * public) and saved through the queue like everything else.
 */
export function useScenarioRun(activity: ScenarioActivity) {
  const player = useSectionPlayer()
  const queue = useProgressQueueStore()
  const mine = (e: { type: string, activityId?: string }) => (e.type === 'scenario-choice' || e.type === 'scenario-restart') && e.activityId === activity.id

  const run = ref<ScenarioProgress>({ run: 1, history: [], current: { kind: 'step', step: activity.start } })
  const completed = ref(false)
  /** A choice answered during this visit: its feedback shows first, then "Continue" reveals what follows. */
  const revealed = ref(true)
  const refused = ref<string | null>(null)
  const seen = new Set<string>()

  function load() {
    const saved = player?.state.value?.scenarios[activity.id]
    run.value = saved ? { run: saved.run, history: saved.history, current: saved.current } : { run: 1, history: [], current: { kind: 'step', step: activity.start } }
    completed.value = saved?.completed ?? false
    queue.settled.forEach(s => seen.add(s.event.id))
    if (queue.pending.some(e => e.type === 'scenario-restart' && e.activityId === activity.id)) restartLocally()
  }

  function restartLocally() {
    run.value = { run: run.value.run + 1, history: [], current: { kind: 'step', step: activity.start } }
    revealed.value = true
  }

  function applyChoice(stepId: string, result: ChoiceResult) {
    const current = run.value.current
    // A replayed or stale answer for a step already passed changes nothing.
    if (current.kind !== 'step' || current.step.id !== stepId) return
    const choice = current.step.choices.find(c => c.id === result.choiceId)
    run.value = {
      run: run.value.run,
      history: [...run.value.history, { step: current.step, choice: choice ?? { id: result.choiceId, text: '' }, quality: result.quality, consequence: result.consequence, feedback: result.feedback }],
      current: result.next.kind === 'step' ? { kind: 'step', step: result.next.step } : { kind: 'ending', ending: result.next.ending },
    }
    if (result.next.kind === 'ending') completed.value = true
    revealed.value = false
  }

  watch(() => queue.settled.length, async () => {
    for (const { event, outcome } of queue.settled) {
      if (seen.has(event.id) || !mine(event)) continue
      seen.add(event.id)
      if (outcome.status === 'rejected') {
        refused.value = outcome.error
        await player?.refresh()
        load()
      }
      else if (event.type === 'scenario-choice' && outcome.type === 'scenario-choice') applyChoice(event.stepId, outcome.result)
    }
  })

  const waitingChoice = computed(() => {
    const e = queue.pending.findLast(mine)
    return e?.type === 'scenario-choice' ? e.choiceId : null
  })

  function choose(choiceId: string) {
    const current = run.value.current
    if (current.kind !== 'step') return
    refused.value = null
    queue.enqueue({ type: 'scenario-choice', activityId: activity.id, stepId: current.step.id, choiceId })
  }

  function restart() {
    refused.value = null
    queue.enqueue({ type: 'scenario-restart', activityId: activity.id })
    restartLocally()
  }

  load()
  return { run, completed, revealed, refused, waitingChoice, choose, restart }
}
