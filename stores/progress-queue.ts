import { defineStore } from 'pinia'
import { applyOutcomes, backoffDelay, enqueueEvent, keepaliveBatch, looksLikeEvent, mergeQueues, nextBatch } from '#shared/player/queue'
import type { EventOutcome, ProgressEvent } from '#shared/types/progress'

/** An event as a page hands it over: the queue adds the id and the time. */
export type NewEvent = ProgressEvent extends infer E ? E extends ProgressEvent ? Omit<E, 'id' | 'at'> : never : never

/** An event the server has answered for during this page's life. */
export interface Settled {
  event: ProgressEvent
  outcome: EventOutcome
}

/** Why saving has stopped until the learner acts: signed out, or no seat any more. */
export type Blocked = 'signed-out' | 'no-seat' | null

const ENDPOINT = '/api/progress/events'
const storageKey = (userId: string) => `cmfc:progress-queue:v1:${userId}`

function readStored(userId: string): ProgressEvent[] {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]')
    // Storage can hold anything (an older version, a hand edit): keep only what looks like an event. The
    // server checks each one fully and refuses what it cannot use, and refused events are dropped.
    return Array.isArray(raw) ? raw.filter(looksLikeEvent) : []
  }
  catch {
    return []
  }
}

/**
 * The browser's save queue (client state only). Every progress event is written to localStorage, per
 * learner, before it is sent, so a reload or a lost signal keeps it. Events go in order, in batches, with
 * retries and backoff; on the way out of the page what is left goes in one keepalive request.
 */
export const useProgressQueueStore = defineStore('progress-queue', () => {
  const userId = ref<string | null>(null)
  const pending = ref<ProgressEvent[]>([])
  const settled = ref<Settled[]>([])
  const online = ref(true)
  const sending = ref(false)
  const failures = ref(0)
  const blocked = ref<Blocked>(null)
  /** Something was saved during this visit: lets the banner say "all saved" only when it means something. */
  const savedSomething = ref(false)
  const settledIds = new Set<string>()
  const inFlight = new Set<string>()
  const exitHooks = new Set<() => void>()
  /** Events in a keepalive request not yet answered: pagehide right after visibilitychange must not resend them. */
  const leaving = new Set<string>()
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  /** After a 400 for a whole batch, events go one at a time until the bad one is found (and refused). */
  let oneAtATime = false

  function persist() {
    if (!userId.value) return
    const merged = mergeQueues(pending.value, readStored(userId.value), settledIds)
    pending.value = merged
    try {
      localStorage.setItem(storageKey(userId.value), JSON.stringify(merged))
    }
    catch (error) {
      console.warn('Progress could not be kept on this device (storage full or blocked).', error)
    }
  }

  function settle(split: ReturnType<typeof applyOutcomes>) {
    for (const item of [...split.saved, ...split.rejected]) settledIds.add(item.event.id)
    for (const item of split.rejected) {
      console.warn(`A progress event was refused and dropped: ${item.outcome.status === 'rejected' ? item.outcome.error : ''}`, item.event)
    }
    if (split.saved.length) savedSomething.value = true
    settled.value = [...settled.value, ...split.saved, ...split.rejected].slice(-200)
    pending.value = pending.value.filter(e => !settledIds.has(e.id))
    persist()
  }

  function scheduleRetry() {
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => void flush(), backoffDelay(failures.value))
  }

  async function flush(): Promise<void> {
    if (import.meta.server || sending.value || blocked.value || !userId.value || pending.value.length === 0) return
    if (!navigator.onLine) {
      online.value = false
      return
    }
    clearTimeout(retryTimer)
    const batch = nextBatch(pending.value, oneAtATime ? 1 : undefined)
    sending.value = true
    batch.forEach(e => inFlight.add(e.id))
    /** A 400 for a whole batch: look for the bad event at once, rather than at the next save. */
    let split = false
    try {
      const { results } = await $fetch(ENDPOINT, { method: 'POST', body: { events: batch }, timeout: 30_000, retry: 0 })
      failures.value = 0
      online.value = true
      settle(applyOutcomes(pending.value, results))
    }
    catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      if (status === 401) blocked.value = 'signed-out'
      else if (status === 403) blocked.value = 'no-seat'
      else if (status === 400 && batch.length > 1) oneAtATime = split = true
      else if (status === 400 || status === 413) {
        // The server will never take this event: drop it rather than retry forever. The bad one is found,
        // so the rest go in batches again.
        oneAtATime = false
        settle(applyOutcomes(pending.value, [{ id: batch[0]!.id, type: batch[0]!.type, status: 'rejected', error: `refused with ${status}` }]))
      }
      else {
        failures.value++
        if (!navigator.onLine) online.value = false
        scheduleRetry()
      }
    }
    finally {
      batch.forEach(e => inFlight.delete(e.id))
      sending.value = false
    }
    if (pending.value.length === 0) oneAtATime = false
    // Carry on while each round settles something or splits a refused batch (a reply that settles nothing
    // waits for the next trigger).
    if (!blocked.value && failures.value === 0 && pending.value.length > 0 && (split || batch.some(e => settledIds.has(e.id)))) return flush()
  }

  /** Queues an event (saved on this device at once) and sends it soon. Returns it with its id. */
  function enqueue(partial: NewEvent): ProgressEvent {
    const event = { ...partial, id: crypto.randomUUID(), at: Date.now() } as ProgressEvent
    pending.value = enqueueEvent(pending.value, event, inFlight)
    persist()
    void flush()
    return event
  }

  /** As the page is hidden or left: send what fits in one keepalive request. Outcomes still count if the page lives on. */
  function flushOnExit() {
    exitHooks.forEach(hook => hook())
    if (blocked.value || !navigator.onLine || pending.value.length === 0) return
    const batch = keepaliveBatch(pending.value.filter(e => !leaving.has(e.id)))
    if (batch.length === 0) return
    batch.forEach(e => leaving.add(e.id))
    fetch(ENDPOINT, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) })
      .then(res => (res.ok ? res.json() : null))
      .then((json: { results?: EventOutcome[] } | null) => {
        if (json?.results) settle(applyOutcomes(pending.value, json.results))
      })
      .catch(() => { /* the events stay queued on this device */ })
      .finally(() => batch.forEach(e => leaving.delete(e.id)))
  }

  /** Runs just before the exit flush, so last-moment events (unreported active time) go with it. */
  function onExit(hook: () => void) {
    exitHooks.add(hook)
    return () => exitHooks.delete(hook)
  }

  let everStarted = false
  let listening = false
  function listen() {
    if (listening) return
    listening = true
    window.addEventListener('online', () => {
      online.value = true
      failures.value = 0
      void flush()
    })
    window.addEventListener('offline', () => {
      online.value = false
    })
    window.addEventListener('pagehide', flushOnExit)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flushOnExit()
      else void flush()
    })
  }

  /** Starts the queue for the signed-in learner (or stops it on sign-out), picking up what was left on this device. */
  function start(id: string | null) {
    if (import.meta.server) return
    if (id === userId.value) {
      // Signed in again after the session ran out: carry on with what is waiting.
      if (id && blocked.value) {
        blocked.value = null
        void flush()
      }
      return
    }
    // Events queued before the queue first started (by the page as it went live: the queue starts after
    // hydration) belong to the learner it starts for. After a sign-out nothing carries over to the next.
    const early = everStarted ? [] : pending.value
    everStarted = true
    userId.value = id
    pending.value = id ? early : []
    settled.value = []
    settledIds.clear()
    blocked.value = null
    failures.value = 0
    if (!id) return
    listen()
    online.value = navigator.onLine
    persist()
    void flush()
  }

  return { userId, pending, settled, online, sending, failures, blocked, savedSomething, start, enqueue, flush, flushOnExit, onExit }
})
