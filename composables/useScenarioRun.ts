import type { PublicActivity, SectionLearnerState } from '#shared/types/sections'
import type { ChoiceResult, ScenarioProgress } from '#shared/types/scenarios'

type ScenarioActivity = Extract<PublicActivity, { type: 'scenario' }>

/**
 * A scenario run as the learner sees it: the saved run, then choices and replays queued or answered during
 * this visit. The server decides what each choice leads to; a replay is shown at once (its first step is
 * public) and saved through the queue like everything else.
 *
 * The first render is the run the server rendered; what the queue holds is applied once the block is live. A
 * scenario lower down a section takes over late (utils/hydrateWhenSeenOrUsed.ts), by when a choice made
 * offline may have been answered: it is applied then, not lost, and never twice.
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
  /** Answers from the server already dealt with (in the loaded run, or applied since). */
  const handled = new Set<string>()
  /** Replays shown before the server has them (shown at once, and again after each load). */
  const shown = new Set<string>()

  /** A saved run: what the server rendered at first, the latest state after a reload. */
  function load(state: SectionLearnerState | null | undefined, settledInState: ReadonlySet<string>) {
    const saved = state?.scenarios[activity.id]
    run.value = saved ? { run: saved.run, history: saved.history, current: saved.current } : { run: 1, history: [], current: { kind: 'step', step: activity.start } }
    completed.value = saved?.completed ?? false
    settledInState.forEach(id => handled.add(id))
    shown.clear()
  }

  function startRun(number: number) {
    run.value = { run: number, history: [], current: { kind: 'step', step: activity.start } }
    revealed.value = true
  }

  /** Replays still waiting to be sent are in no saved run: each is shown once. */
  function showWaitingReplays() {
    for (const e of queue.pending) {
      if (e.type !== 'scenario-restart' || e.activityId !== activity.id || shown.has(e.id)) continue
      shown.add(e.id)
      startRun(run.value.run + 1)
    }
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

  /** Applies, in order, what the server has answered since the run was loaded. */
  async function applySettled() {
    for (const { event, outcome } of queue.settled) {
      if (handled.has(event.id) || !mine(event)) continue
      handled.add(event.id)
      if (outcome.status === 'rejected') {
        refused.value = outcome.error
        await player?.refresh()
        load(player?.state.value, player?.settledInState() ?? new Set())
        showWaitingReplays()
        // Anything answered during the reload and not in its state comes next.
        return applySettled()
      }
      if (event.type === 'scenario-choice' && outcome.type === 'scenario-choice') applyChoice(event.stepId, outcome.result)
      // A replay from an earlier visit, not yet in the loaded run (one shown here is already on screen).
      else if (outcome.type === 'scenario-restart' && !shown.has(event.id) && outcome.result.run > run.value.run) startRun(outcome.result.run)
    }
  }
  // One pass at a time: a pass waiting on a reload must not race the next answer.
  let passes = Promise.resolve()
  const catchUp = () => {
    passes = passes.then(applySettled)
    return passes
  }

  // Live: first what the server answered since the rendered run, then replays still waiting; later, each change.
  onMounted(async () => {
    if (player && player.state.value !== player.rendered.state) load(player.state.value, player.settledInState())
    await catchUp()
    showWaitingReplays()
  })
  // Both lists are replaced on every change (the settled one stops growing once it holds the last 200).
  watch(() => queue.settled, () => live.value && catchUp())
  watch(() => queue.pending, () => live.value && showWaitingReplays())

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
    // Shown at once; the server's answer then names the run it started.
    shown.add(queue.enqueue({ type: 'scenario-restart', activityId: activity.id }).id)
    startRun(run.value.run + 1)
  }

  load(player?.rendered.state, player?.rendered.settled ?? new Set())
  return { run, completed, revealed, refused, waitingChoice, choose, restart }
}
