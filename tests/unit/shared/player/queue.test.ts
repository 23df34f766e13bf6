import { describe, expect, it } from 'vitest'
import type { EventOutcome, ProgressEvent } from '../../../../shared/types/progress'
import {
  applyOutcomes,
  BACKOFF_CAP_MS,
  backoffDelay,
  batchBytes,
  enqueueEvent,
  KEEPALIVE_BUDGET_BYTES,
  keepaliveBatch,
  looksLikeEvent,
  mergeQueues,
  nextBatch,
} from '../../../../shared/player/queue'

let n = 0
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
const position = (anchor: string, at = n): ProgressEvent => ({ id: id(), at, type: 'position', sectionId: 's1', anchor })
const reflection = (reflectionId: string, text: string): ProgressEvent => ({ id: id(), at: n, type: 'reflection', reflectionId, text })
const answer = (questionId: string): ProgressEvent => ({ id: id(), at: n, type: 'answer', activityId: 'qz-s1', questionId, answer: { optionId: 'a' } })
const time = (seconds: number): ProgressEvent => ({ id: id(), at: n, type: 'time', sectionId: 's1', seconds })
const ids = (events: ProgressEvent[]) => events.map(e => e.id)

describe('nextBatch', () => {
  it('sends the oldest events first, in order, up to the count limit', () => {
    const pending = Array.from({ length: 7 }, (_, i) => answer(`q${i}`))
    expect(ids(nextBatch(pending, 3))).toEqual(ids(pending.slice(0, 3)))
    expect(ids(nextBatch(pending))).toEqual(ids(pending))
    expect(nextBatch([])).toEqual([])
  })

  it('stops before the byte budget, never splitting the order', () => {
    const small = answer('q1')
    const big = reflection('rf-1', 'x'.repeat(4000))
    const after = answer('q2')
    const budget = batchBytes([small, big]) + 10
    expect(ids(nextBatch([small, big, after], 100, budget))).toEqual(ids([small, big]))
    expect(batchBytes(nextBatch([small, big, after], 100, budget))).toBeLessThanOrEqual(budget)
  })

  it('always sends the first event, even one larger than the budget, so the queue cannot stall', () => {
    const huge = reflection('rf-1', 'y'.repeat(10_000))
    expect(ids(nextBatch([huge, answer('q1')], 100, 1000))).toEqual([huge.id])
  })
})

describe('keepaliveBatch', () => {
  it('fits within the keepalive budget, counting multi-byte characters as bytes', () => {
    const pending = Array.from({ length: 40 }, (_, i) => reflection(`rf-${i}`, 'é'.repeat(2000))) // 4,000 bytes each
    const batch = keepaliveBatch(pending)
    expect(batch.length).toBeGreaterThan(5)
    expect(batch.length).toBeLessThan(40)
    expect(batchBytes(batch)).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES)
    expect(ids(batch)).toEqual(ids(pending.slice(0, batch.length)))
  })

  it('skips an event too large for the budget and sends the smaller ones after it', () => {
    const huge = reflection('rf-big', 'z'.repeat(5000))
    const small = [answer('q1'), answer('q2')]
    expect(ids(keepaliveBatch([huge, ...small], 2000))).toEqual(ids(small))
    expect(keepaliveBatch([huge], 2000)).toEqual([])
  })
})

describe('backoffDelay', () => {
  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [3, 2_000, 4_000],
    [6, 16_000, 32_000],
    [7, 30_000, 60_000],
    [50, 30_000, 60_000], // capped at a minute
  ])('after %d failures waits between %d and %d ms', (failures, low, high) => {
    expect(backoffDelay(failures, () => 0)).toBe(low)
    expect(backoffDelay(failures, () => 1)).toBe(high)
    const mid = backoffDelay(failures, () => 0.5)
    expect(mid).toBeGreaterThan(low)
    expect(mid).toBeLessThan(high)
  })

  it('never waits longer than the cap or less than half a second, whatever the random source says', () => {
    for (const r of [Number.NaN, -1, 2, Infinity]) {
      const d = backoffDelay(100, () => r)
      expect(d).toBeGreaterThanOrEqual(BACKOFF_CAP_MS / 2)
      expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS)
    }
    expect(backoffDelay(0, () => 0)).toBe(500)
  })
})

describe('enqueueEvent', () => {
  it('replaces an unsent position with a newer one', () => {
    const a = position('one')
    const b = answer('q1')
    const c = position('two')
    expect(ids(enqueueEvent([a, b], c))).toEqual(ids([b, c]))
  })

  it('keeps a position that is already being sent', () => {
    const a = position('one')
    const c = position('two')
    expect(ids(enqueueEvent([a], c, new Set([a.id])))).toEqual(ids([a, c]))
  })

  it('replaces an older text of the same reflection only', () => {
    const r1 = reflection('rf-1', 'draft')
    const r2 = reflection('rf-2', 'other')
    const r1b = reflection('rf-1', 'draft, finished')
    expect(ids(enqueueEvent([r1, r2], r1b))).toEqual(ids([r2, r1b]))
  })

  it.each([
    ['answers', () => answer('q1'), () => answer('q1')],
    ['time', () => time(30), () => time(30)],
  ])('keeps every %s event', (_, first, second) => {
    const a = first()
    const b = second()
    expect(ids(enqueueEvent([a], b))).toEqual(ids([a, b]))
  })
})

describe('applyOutcomes', () => {
  /** The server's answer to an answer event: the question marked, with the answer sent. */
  const marked = (questionId: string, correct: boolean) => ({
    questionId, score: correct ? 1 : 0, correct, explanation: '', source: '', feedback: [], correctAnswer: { optionId: 'a' }, answer: { optionId: correct ? 'a' : 'b' },
  })

  it('takes saved and rejected events out of the queue, keeping the ones the server did not answer', () => {
    const [a, b, c, d] = [answer('q1'), answer('q2'), answer('q3'), answer('q4')] as [ProgressEvent, ProgressEvent, ProgressEvent, ProgressEvent]
    const outcomes: EventOutcome[] = [
      { id: a.id, type: 'answer', status: 'applied', result: marked('q1', true) },
      { id: b.id, type: 'answer', status: 'duplicate', result: marked('q2', false) },
      { id: c.id, type: 'answer', status: 'rejected', error: 'There is no question' },
    ]
    const split = applyOutcomes([a, b, c, d], outcomes)
    expect(ids(split.remaining)).toEqual([d.id])
    expect(split.saved.map(s => [s.event.id, s.outcome.status])).toEqual([[a.id, 'applied'], [b.id, 'duplicate']])
    expect(split.rejected.map(s => s.event.id)).toEqual([c.id])
  })

  it('ignores answers for events it does not hold', () => {
    const a = answer('q1')
    expect(applyOutcomes([a], [{ id: 'someone-else', type: 'reflection', status: 'applied', result: null }]).remaining).toEqual([a])
  })
})

describe('mergeQueues', () => {
  it('keeps every event once, in time order, from this tab and the stored queue', () => {
    const a = position('a', 1)
    const b = answer('q1')
    b.at = 2
    const c = answer('q2')
    c.at = 3
    expect(ids(mergeQueues([a, c], [b, a], new Set()))).toEqual(ids([a, b, c]))
  })

  it('leaves out events already settled in this tab', () => {
    const a = answer('q1')
    const b = answer('q2')
    expect(ids(mergeQueues([b], [a, b], new Set([a.id])))).toEqual([b.id])
  })

  it('keeps the queued order of events sharing a millisecond', () => {
    const restart: ProgressEvent = { id: id(), at: 5, type: 'scenario-restart', activityId: 'sc-jade' }
    const choice: ProgressEvent = { id: id(), at: 5, type: 'scenario-choice', activityId: 'sc-jade', stepId: 'st-1', choiceId: 'a' }
    expect(ids(mergeQueues([restart, choice], [], new Set()))).toEqual(ids([restart, choice]))
  })
})

describe('looksLikeEvent', () => {
  it.each<[string, unknown, boolean]>([
    ['an event', answer('q1'), true],
    ['a scenario restart', { id: id(), at: 1, type: 'scenario-restart', activityId: 'sc-jade' }, true],
    ['null', null, false],
    ['a string', 'position', false],
    ['no id', { at: 1, type: 'position' }, false],
    ['an id that is not a UUID', { id: 'x', at: 1, type: 'position' }, false],
    ['a time that is not a number', { id: id(), at: '1', type: 'position' }, false],
    ['an unknown type', { id: id(), at: 1, type: 'teleport' }, false],
  ])('%s → %s', (_, value, expected) => {
    expect(looksLikeEvent(value)).toBe(expected)
  })
})
