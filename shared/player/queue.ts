import type { EventOutcome, ProgressEvent } from '../types/progress'
import { MAX_EVENTS_PER_BATCH } from './batch-limit'

/**
 * The rules of the browser's save queue, kept pure so they are tested without a browser: which events
 * go in the next request, how long to wait after a failure, what fits in a keepalive request on the way
 * out, and what the server's answer means for each event. No zod here: this runs on every page.
 */

/** Browsers refuse keepalive requests once 64 KiB of their bodies are in flight; stay well under it. */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024

/** An ordinary request stays small too, so a slow phone connection finishes it. */
export const BATCH_BUDGET_BYTES = 256 * 1024

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text).length

/** The size of `{"events":[...]}` for these events, in bytes. */
export function batchBytes(events: ProgressEvent[]): number {
  return bytes(JSON.stringify({ events }))
}

/**
 * The events for the next request: the oldest first, in order, as many as fit both limits. The first
 * event always goes, however large, so one oversized event cannot stall the queue (the server rejects it).
 */
export function nextBatch(pending: ProgressEvent[], maxEvents = MAX_EVENTS_PER_BATCH, maxBytes = BATCH_BUDGET_BYTES): ProgressEvent[] {
  const batch: ProgressEvent[] = []
  let size = bytes('{"events":[]}')
  for (const event of pending) {
    if (batch.length >= maxEvents) break
    const extra = bytes(JSON.stringify(event)) + (batch.length ? 1 : 0)
    if (batch.length > 0 && size + extra > maxBytes) break
    batch.push(event)
    size += extra
  }
  return batch
}

/**
 * The events to send with `keepalive` as the page goes away: the oldest that fit the budget, skipping
 * any single event too large for it (it waits for the next visit). Returns [] when nothing fits.
 */
export function keepaliveBatch(pending: ProgressEvent[], budget = KEEPALIVE_BUDGET_BYTES): ProgressEvent[] {
  const batch: ProgressEvent[] = []
  let size = bytes('{"events":[]}')
  for (const event of pending) {
    if (batch.length >= MAX_EVENTS_PER_BATCH) break
    const extra = bytes(JSON.stringify(event)) + (batch.length ? 1 : 0)
    if (size + extra > budget) continue
    batch.push(event)
    size += extra
  }
  return batch
}

export const BACKOFF_BASE_MS = 1_000
export const BACKOFF_CAP_MS = 60_000

/**
 * How long to wait before retrying after `failures` failed sends in a row: doubling from one second up to
 * a minute, with the upper half randomised so many learners coming back online do not retry in step.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(failures) - 1), 16)
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent)
  const r = Math.min(Math.max(Number.isFinite(random()) ? random() : 0, 0), 1)
  return Math.round(ceiling / 2 + (ceiling / 2) * r)
}

/** The key under which a newer event makes an older unsent one pointless, or null when every event counts. */
function supersedeKey(event: ProgressEvent): string | null {
  if (event.type === 'position') return 'position'
  if (event.type === 'reflection') return `reflection:${event.reflectionId}`
  return null
}

/**
 * Adds an event to the queue. A newer position, or a newer text for the same reflection, replaces an older
 * one that has not been sent yet (`inFlight` ids are being sent and stay), so typing never floods the queue.
 */
export function enqueueEvent(pending: ProgressEvent[], event: ProgressEvent, inFlight: ReadonlySet<string> = new Set()): ProgressEvent[] {
  const key = supersedeKey(event)
  const kept = key === null ? pending : pending.filter(e => inFlight.has(e.id) || supersedeKey(e) !== key)
  return [...kept, event]
}

export interface OutcomeSplit {
  /** Events still to send: anything the server did not answer for. */
  remaining: ProgressEvent[]
  /** Saved now or before (applied or duplicate), with the server's result. */
  saved: { event: ProgressEvent, outcome: EventOutcome }[]
  /** Refused for good: retrying would only be refused again. */
  rejected: { event: ProgressEvent, outcome: EventOutcome }[]
}

/** Sorts the server's per-event answers: saved and rejected events leave the queue, the rest stay. */
export function applyOutcomes(pending: ProgressEvent[], outcomes: EventOutcome[]): OutcomeSplit {
  const byId = new Map(outcomes.map(o => [o.id, o]))
  const split: OutcomeSplit = { remaining: [], saved: [], rejected: [] }
  for (const event of pending) {
    const outcome = byId.get(event.id)
    if (!outcome) split.remaining.push(event)
    else if (outcome.status === 'rejected') split.rejected.push({ event, outcome })
    else split.saved.push({ event, outcome })
  }
  return split
}

/**
 * Combines this tab's queue with the one stored for the learner (another tab may have added events):
 * every event once, in time order, leaving out those already settled here.
 */
export function mergeQueues(mine: ProgressEvent[], stored: ProgressEvent[], settled: ReadonlySet<string>): ProgressEvent[] {
  const byId = new Map<string, ProgressEvent>()
  for (const event of [...stored, ...mine]) if (!settled.has(event.id)) byId.set(event.id, event)
  // A stable sort keeps the order events were queued in when two share a millisecond.
  return [...byId.values()].sort((a, b) => a.at - b.at)
}

const EVENT_TYPES = new Set(['position', 'reached-end', 'time', 'answer', 'scenario-choice', 'scenario-restart', 'reflection'])

/** A cheap shape check for events read back from storage (the server validates them properly). */
export function looksLikeEvent(value: unknown): value is ProgressEvent {
  const e = value as { id?: unknown, at?: unknown, type?: unknown } | null
  return typeof e === 'object' && e !== null && typeof e.id === 'string' && /^[0-9a-f-]{36}$/i.test(e.id)
    && typeof e.at === 'number' && Number.isFinite(e.at) && typeof e.type === 'string' && EVENT_TYPES.has(e.type)
}
