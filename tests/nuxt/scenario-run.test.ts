import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { readBody } from 'h3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { EventOutcome, ProgressEvent } from '#shared/types/progress'
import type { PublicActivity, SectionLearnerState } from '#shared/types/sections'
import { useScenarioRun } from '~/composables/useScenarioRun'
import { provideSectionPlayer } from '~/composables/useSectionPlayer'
import { useProgressQueueStore } from '~/stores/progress-queue'

// A scenario block's run against the save queue (happy-dom, Nuxt's own $fetch, a stand-in for
// POST /api/progress/events): replays and choices from this visit or an earlier one are shown once, in order,
// and a refused one reloads the run. Written from an independent review's findings.

type Reply = (events: ProgressEvent[]) => EventOutcome[]
let reply: Reply = () => []
/** A reply held back until the test lets it go (a slow connection). */
let gate: Promise<void> = Promise.resolve()
registerEndpoint('/api/progress/events', {
  method: 'POST',
  handler: async (event) => {
    const { events } = await readBody<{ events: ProgressEvent[] }>(event)
    await gate
    return { results: reply(events) }
  },
})

const start = { id: 'st1', text: 'Jade is not back. What do you do?', choices: [{ id: 'c1', text: 'Call the police' }, { id: 'c2', text: 'Wait' }] }
const activity = { id: 'sc1', type: 'scenario', title: 'Late back', setting: '', summary: '', start } as unknown as Extract<PublicActivity, { type: 'scenario' }>
const ending = { id: 'e1', title: 'Found safe', outcome: 'good', decisions: [], text: '', debrief: '' }
const choiceResult = { choiceId: 'c1', quality: 'good', consequence: 'Police are told at once.', feedback: 'Right.', next: { kind: 'ending', ending } }

const atStart = (): SectionLearnerState => ({ answers: {}, reflections: {}, scenarios: { sc1: { run: 1, history: [], current: { kind: 'step', step: start }, completed: false } } }) as unknown as SectionLearnerState
const ended = (run: number): SectionLearnerState => ({ answers: {}, reflections: {}, scenarios: { sc1: { run, history: [], current: { kind: 'ending', ending }, completed: true } } }) as unknown as SectionLearnerState

const saved = (type: ProgressEvent['type'], result: unknown) => (e: ProgressEvent): EventOutcome => ({ id: e.id, type, status: 'applied', result }) as EventOutcome
const refused = (e: ProgressEvent): EventOutcome => ({ id: e.id, type: e.type, status: 'rejected', error: 'stale step' })

let learners = 0
const queues: ReturnType<typeof useProgressQueueStore>[] = []
function learner() {
  const queue = useProgressQueueStore()
  queues.push(queue)
  return { queue, id: `scenario-learner-${++learners}` }
}

/** Mounts a scenario block under a section player whose state, when reloaded, becomes `reloaded()`. */
async function mountBlock(rendered: SectionLearnerState, reloaded: () => SectionLearnerState = () => rendered) {
  const state = ref<SectionLearnerState | null>(rendered)
  const refresh = vi.fn(async () => {
    state.value = reloaded()
  })
  let api!: ReturnType<typeof useScenarioRun>
  const Block = defineComponent({ setup: () => {
    api = useScenarioRun(activity)
    return () => h('p', api.run.value.current.kind)
  } })
  const Page = defineComponent({ setup: () => {
    provideSectionPlayer({ sectionId: 's2', canSave: true, preview: false, activities: [activity], state, settledInState: () => new Set(), rendered: { state: rendered, settled: new Set() }, refresh })
    return () => h(Block)
  } })
  await mountSuspended(Page)
  return { run: () => api, refresh }
}

afterEach(() => {
  for (const queue of queues.splice(0)) queue.start(null)
  gate = Promise.resolve()
  localStorage.clear()
})

describe('scenario run and the save queue', () => {
  it('shows a replay kept on this device from an earlier visit, even when the queue starts after the block', async () => {
    const { queue, id } = learner()
    localStorage.setItem(`cmfc:progress-queue:v1:${id}`, JSON.stringify([{ id: '11111111-1111-4111-8111-111111111111', at: 1, type: 'scenario-restart', activityId: 'sc1' }]))
    let release!: () => void
    gate = new Promise(resolve => (release = resolve))
    reply = events => events.map(saved('scenario-restart', { run: 2, start }))
    const { run } = await mountBlock(ended(1))
    expect(run().run.value.current.kind).toBe('ending')

    queue.start(id)
    await vi.waitFor(() => expect(run().run.value).toMatchObject({ run: 2, current: { kind: 'step' } }))
    release()
    // Saved: the server's run is the one already shown, so it is not started a second time.
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(run().run.value.run).toBe(2)
  })

  it('applies, once, a choice the server saved before the block took over', async () => {
    const { queue, id } = learner()
    queue.start(id)
    reply = events => events.map(saved('scenario-choice', { ...choiceResult, run: 1 }))
    queue.enqueue({ type: 'scenario-choice', activityId: 'sc1', stepId: 'st1', choiceId: 'c1' })
    await vi.waitFor(() => expect(queue.settled).toHaveLength(1))

    const { run } = await mountBlock(atStart())
    await vi.waitFor(() => expect(run().run.value.history).toHaveLength(1))
    expect(run().run.value.current.kind).toBe('ending')
    expect(run().completed.value).toBe(true)
    queue.enqueue({ type: 'time', sectionId: 's2', seconds: 30 })
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(run().run.value.history).toHaveLength(1)
  })

  it('says so and reloads the run when the server refuses a replay made here', async () => {
    const { queue, id } = learner()
    queue.start(id)
    reply = events => events.map(refused)
    const { run, refresh } = await mountBlock(ended(1))
    run().restart()
    expect(run().run.value.current.kind).toBe('step')
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1))
    expect(run().refused.value).toBe('stale step')
    expect(run().run.value).toMatchObject({ run: 1, current: { kind: 'ending' } })
  })

  it('keeps a choice the server saved while the run was being reloaded', async () => {
    const { queue, id } = learner()
    queue.start(id)
    // The reload's state was read before the second choice was saved, so it does not hold it.
    let reloadDone!: () => void
    const reloading = new Promise<void>(resolve => (reloadDone = resolve))
    const { run, refresh } = await mountBlock(atStart(), atStart)
    refresh.mockImplementation(async () => {
      await reloading
    })
    reply = events => events.map(refused)
    run().choose('c2')
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1))
    reply = events => events.map(saved('scenario-choice', { ...choiceResult, run: 1 }))
    run().choose('c1')
    await vi.waitFor(() => expect(queue.settled).toHaveLength(2))
    reloadDone()
    await vi.waitFor(() => expect(run().run.value.history.map(h => h.choice.id)).toEqual(['c1']))
    expect(refresh).toHaveBeenCalledTimes(1)
  })
})
