import { registerEndpoint } from '@nuxt/test-utils/runtime'
import { createError, readBody } from 'h3'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventOutcome, ProgressEvent } from '#shared/types/progress'
import { useProgressQueueStore } from '~/stores/progress-queue'

// The browser's save queue in a Nuxt environment (happy-dom, Nuxt's own $fetch), against a stand-in for
// POST /api/progress/events: how it flushes in order, retries after failures, finds the one event the
// server refuses in a batch it refuses as a whole (bisect), and keeps what is unsent on the device.

type Reply = (events: ProgressEvent[]) => EventOutcome[] | { fail: number }

/** What the stand-in server was sent, batch by batch, and how it answers the next batch. */
let batches: ProgressEvent[][] = []
let reply: Reply = events => applied(events)

registerEndpoint('/api/progress/events', {
  method: 'POST',
  handler: async (event) => {
    const { events } = await readBody<{ events: ProgressEvent[] }>(event)
    batches.push(events)
    const answer = reply(events)
    if ('fail' in answer) throw createError({ statusCode: answer.fail, statusMessage: 'Refused' })
    return { results: answer }
  },
})

// The stand-in answers every event alike; its result's shape is not what these tests are about.
const applied = (events: ProgressEvent[]): EventOutcome[] => events.map(e => ({ id: e.id, type: e.type, status: 'applied', result: null }) as EventOutcome)
const time = (seconds: number) => ({ type: 'time' as const, sectionId: 's1', seconds })

/** Each test is its own learner, so a store left by an earlier test (its listeners stay on window) never shares a queue. */
let USER = ''
let learners = 0
const stored = () => JSON.parse(localStorage.getItem(`cmfc:progress-queue:v1:${USER}`) ?? '[]') as ProgressEvent[]
const stores: ReturnType<typeof useProgressQueueStore>[] = []

/** A fresh page's queue (a new pinia, as after a reload). */
function newQueue() {
  setActivePinia(createPinia())
  const queue = useProgressQueueStore()
  stores.push(queue)
  return queue
}

beforeEach(() => {
  USER = `learner-${++learners}`
  localStorage.clear()
  batches = []
  reply = applied
})

afterEach(() => {
  // Signed out: an earlier test's store then ignores the online event and its own retry timers.
  for (const queue of stores.splice(0)) queue.start(null)
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('progress queue: flush', () => {
  it('sends queued events in the order they were made, and forgets them once the server has them', async () => {
    const queue = newQueue()
    queue.start(USER)
    const made = [queue.enqueue(time(10)), queue.enqueue(time(20)), queue.enqueue(time(30))]
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(batches.flat().map(e => e.id)).toEqual(made.map(e => e.id))
    expect(queue.settled.map(s => s.outcome.status)).toEqual(['applied', 'applied', 'applied'])
    expect(queue.savedSomething).toBe(true)
    expect(stored()).toEqual([])
  })

  it('keeps every event on the device before it is sent, and sends what a previous visit left', async () => {
    reply = () => ({ fail: 503 })
    const first = newQueue()
    first.start(USER)
    const left = first.enqueue(time(15))
    await vi.waitFor(() => expect(first.failures).toBe(1))
    expect(stored().map(e => e.id)).toEqual([left.id])

    // The next visit picks it up and sends it.
    reply = applied
    const next = newQueue()
    next.start(USER)
    await vi.waitFor(() => expect(next.settled.map(s => s.event.id)).toEqual([left.id]))
    expect(stored()).toEqual([])
  })

  it('sends what the page queued before the queue started (it starts once the page is live), with what the device kept', async () => {
    const earlier = newQueue()
    earlier.start(USER)
    reply = () => ({ fail: 503 })
    const kept = earlier.enqueue(time(12))
    await vi.waitFor(() => expect(earlier.failures).toBe(1))

    reply = applied
    const next = newQueue()
    const early = next.enqueue(time(3))
    expect(batches).toHaveLength(1)
    next.start(USER)
    await vi.waitFor(() => expect(next.pending).toEqual([]))
    expect(next.settled.map(s => s.event.id).sort()).toEqual([kept.id, early.id].sort())
  })

  it('never hands what was queued after a sign-out to the next learner on the same tab', async () => {
    const queue = newQueue()
    queue.start(USER)
    queue.start(null)
    // Leaving the section page after signing out reports its last position and time.
    queue.enqueue(time(7))
    const other = `${USER}-other`
    queue.start(other)
    await queue.flush()
    expect(batches).toEqual([])
    expect(JSON.parse(localStorage.getItem(`cmfc:progress-queue:v1:${other}`) ?? '[]')).toEqual([])
    queue.start(null)
  })

  it('sends nothing while offline, and everything once the browser is back online', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const queue = newQueue()
    queue.start(USER)
    queue.enqueue(time(5))
    await queue.flush()
    expect(queue.online).toBe(false)
    expect(batches).toEqual([])
    onLine.mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(batches).toHaveLength(1)
  })
})

describe('progress queue: retry', () => {
  it('retries a failed send after a backoff, and clears the failure count once it gets through', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let fails = 2
    reply = events => (fails-- > 0 ? { fail: 503 } : applied(events))
    const queue = newQueue()
    queue.start(USER)
    const event = queue.enqueue(time(12))
    await vi.waitFor(() => expect(queue.failures).toBe(1))
    expect(queue.pending.map(e => e.id)).toEqual([event.id])
    // Nothing is sent again until the backoff has passed (one second at most after the first failure).
    await vi.advanceTimersByTimeAsync(400)
    expect(batches).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(queue.failures).toBe(2))
    await vi.advanceTimersByTimeAsync(2_000)
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(queue.failures).toBe(0)
    expect(batches.map(b => b.map(e => e.id))).toEqual([[event.id], [event.id], [event.id]])
  })

  it('stops on 401 (signed out) and on 403 (no seat), keeping the events, and resumes on signing in again', async () => {
    reply = () => ({ fail: 401 })
    const queue = newQueue()
    queue.start(USER)
    const event = queue.enqueue(time(8))
    await vi.waitFor(() => expect(queue.blocked).toBe('signed-out'))
    expect(queue.pending.map(e => e.id)).toEqual([event.id])
    expect(queue.failures).toBe(0)
    await queue.flush()
    expect(batches).toHaveLength(1)

    reply = applied
    queue.start(USER)
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(queue.blocked).toBeNull()

    reply = () => ({ fail: 403 })
    queue.enqueue(time(9))
    await vi.waitFor(() => expect(queue.blocked).toBe('no-seat'))
    expect(queue.pending).toHaveLength(1)
  })

  it('sends at once what a partial answer left, but waits for the next trigger after an answer that settles nothing', async () => {
    // What a previous visit left goes in one batch when the queue starts.
    const left = [1, 2, 3].map(n => ({ ...time(n), id: crypto.randomUUID(), at: Date.now() + n }))
    localStorage.setItem(`cmfc:progress-queue:v1:${USER}`, JSON.stringify(left))
    let round = 0
    reply = events => [() => applied(events).slice(1), () => [], () => applied(events)][round++]!()
    const queue = newQueue()
    queue.start(USER)
    // Round 1 answers for the last two events; round 2, sent at once, answers for none: the queue stops there.
    await vi.waitFor(() => expect(batches).toHaveLength(2))
    expect(batches.map(b => b.map(e => e.id))).toEqual([left.map(e => e.id), [left[0]!.id]])
    await vi.waitFor(() => expect(queue.sending).toBe(false))
    expect(queue.pending.map(e => e.id)).toEqual([left[0]!.id])
    expect(queue.failures).toBe(0)
    await queue.flush()
    expect(queue.pending).toEqual([])
    expect(batches).toHaveLength(3)
  })
})

describe('progress queue: bisect', () => {
  it('after a 400 for a whole batch, sends one event at a time, drops only the bad one and saves the rest', async () => {
    // Three events a previous visit left, sent together in one batch when the queue starts.
    const events = [1, 2, 3].map(n => ({ ...time(n), id: crypto.randomUUID(), at: Date.now() + n }))
    localStorage.setItem(`cmfc:progress-queue:v1:${USER}`, JSON.stringify(events))
    const bad = events[1]!
    reply = batch => (batch.some(e => e.id === bad.id) ? { fail: 400 } : applied(batch))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const queue = newQueue()
    queue.start(USER)
    // No further save is needed: the queue looks for the bad event as soon as the batch is refused.
    await vi.waitFor(() => expect(queue.pending).toEqual([]))

    expect(batches.map(b => b.length)).toEqual([3, 1, 1, 1])
    expect(queue.settled.map(s => [s.event.id, s.outcome.status])).toEqual([
      [events[0]!.id, 'applied'],
      [bad.id, 'rejected'],
      [events[2]!.id, 'applied'],
    ])
    expect(stored()).toEqual([])
  })

  it('drops an event the server refuses as too large (413) instead of retrying it for ever', async () => {
    const queue = newQueue()
    queue.start(USER)
    reply = () => ({ fail: 413 })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const event = queue.enqueue({ type: 'reflection', reflectionId: 'rf-1', text: 'x'.repeat(100) })
    await vi.waitFor(() => expect(queue.pending).toEqual([]))
    expect(queue.settled).toEqual([{ event, outcome: { id: event.id, type: 'reflection', status: 'rejected', error: 'refused with 413' } }])
    expect(queue.failures).toBe(0)
  })
})
