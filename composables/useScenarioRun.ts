import type { PublicActivity } from '#shared/types/sections'
import type { ChoiceResult, ScenarioProgress } from '#shared/types/scenarios'

type ScenarioActivity = Extract<PublicActivity, { type: 'scenario' }>

/**
 * A scenario run as the learner sees it: the saved run, then choices and replays queued or answered during
 * this visit. The server decides what each choice leads to; a replay is shown at once (its first step is
 * public) and saved through the queue like everything else.
 *
 * The first render is the saved run alone, as the server rendered it; what the queue holds is applied once
 * the block is live. A scenario lower down a section takes over late (utils/hydrateWhenSeenOrUsed.ts), by
 * when a choice made offline may have been answered: it is applied then, not lost.
 */
export function useScenarioRun(activity: ScenarioActivity) {
  const player = useSectionPlayer()
  const queue = useProgressQueueStore()
  const live = useHydrated()
  const mine = (e: { type: string, activityId?: string }) => (e.type === 'scenario-choice' || e.type === 'scenario-restart') && e.activityId === activity.id

  const run = ref<ScenarioProgress>({ run: 1, history: [], current: { kind: 'step', step: activity.start } })
  const completed = ref(false)
  /** A choice answered during this visit: its feedback shows first, then "Continue" reveals what follows. */
  const revealed = ref(true)
  const refused = ref<string | null>(null)
  const seen = new Set<string>()

  /** The saved run; events the saved state already holds are never applied again. */
  function load() {
    const saved = player?.state.value?.scenarios[activity.id]
    run.value = saved ? { run: saved.run, history: saved.history, current: saved.current } : { run: 1, history: [], current: { kind: 'step', step: activity.start } }
    completed.value = saved?.completed ?? false
    player?.settledInState().forEach(id => seen.add(id))
  }

  /** Right after a load: replays still waiting to be sent are in no saved state yet. */
  function restartIfWaiting() {
    for (const e of queue.pending) {
      if (e.type !== 'scenario-restart' || e.activityId !== activity.id) continue
      seen.add(e.id)
      restartLocally()
    }
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

  /** Applies, in order, what the server has answered since the run was loaded. True if it had to load it again. */
  async function applySettled(): Promise<boolean> {
    for (const { event, outcome } of queue.settled) {
      if (seen.has(event.id) || !mine(event)) continue
      seen.add(event.id)
      if (outcome.status === 'rejected') {
        refused.value = outcome.error
        await player?.refresh()
        load()
        restartIfWaiting()
        return true
      }
      if (event.type === 'scenario-choice' && outcome.type === 'scenario-choice') applyChoice(event.stepId, outcome.result)
      else if (event.type === 'scenario-restart') restartLocally()
    }
    return false
  }
  // The list is replaced on every answer (its length stops growing once it holds the last 200).
  watch(() => queue.settled, () => live.value && applySettled())
  // Live: what the queue holds beyond the saved run, choices and replays answered since, then replays still waiting.
  onMounted(async () => {
    if (!await applySettled()) restartIfWaiting()
  })

  const waitingChoice = computed(() => {
    if (!live.value) return null
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
    // Shown at once, so never applied again when the server answers it.
    seen.add(queue.enqueue({ type: 'scenario-restart', activityId: activity.id }).id)
    restartLocally()
  }

  load()
  return { run, completed, revealed, refused, waitingChoice, choose, restart }
}
