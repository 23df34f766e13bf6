import { describe, expect, it } from 'vitest'
import { ActiveTimeCounter, IDLE_AFTER_MS, REPORT_EVERY_SECONDS } from '../../../../shared/player/active-time'

/** Ticks every second from `from` for `seconds`, returning the seconds reported. */
function run(counter: ActiveTimeCounter, from: number, seconds: number, visible = true, inputEvery = 0): number[] {
  const reports: number[] = []
  for (let s = 1; s <= seconds; s++) {
    const now = from + s * 1000
    if (inputEvery && s % inputEvery === 0) counter.input(now)
    const r = counter.tick(now, visible)
    if (r) reports.push(r)
  }
  return reports
}

describe('ActiveTimeCounter', () => {
  it('reports 30 seconds at a time while the page is visible and the learner active', () => {
    const counter = new ActiveTimeCounter(0)
    expect(run(counter, 0, 95, true, 10)).toEqual([REPORT_EVERY_SECONDS, REPORT_EVERY_SECONDS, REPORT_EVERY_SECONDS])
    expect(counter.take()).toBe(5)
    expect(counter.take()).toBe(0)
  })

  it('counts nothing while the page is hidden', () => {
    const counter = new ActiveTimeCounter(0)
    expect(run(counter, 0, 120, false, 1)).toEqual([])
    expect(counter.take()).toBe(0)
  })

  it('stops counting two minutes after the last input, and starts again on the next', () => {
    const counter = new ActiveTimeCounter(0)
    const idleSeconds = IDLE_AFTER_MS / 1000
    const reports = run(counter, 0, idleSeconds + 60) // no input after the start
    const counted = reports.reduce((a, b) => a + b, 0) + counter.take()
    expect(counted).toBe(idleSeconds)
    counter.input((idleSeconds + 60) * 1000)
    run(counter, (idleSeconds + 60) * 1000, 10)
    expect(counter.take()).toBe(10)
  })

  it('does not count a long gap between ticks (a phone asleep)', () => {
    const counter = new ActiveTimeCounter(0)
    counter.input(60_000)
    expect(counter.tick(60_000, true)).toBe(0)
    expect(counter.take()).toBe(0)
    expect(counter.tick(61_000, true)).toBe(0)
    expect(counter.take()).toBe(1)
  })

  it('carries part-seconds over to the next report rather than losing or rounding them up', () => {
    const counter = new ActiveTimeCounter(0)
    counter.tick(1500, true)
    expect(counter.take()).toBe(1)
    counter.tick(2000, true)
    expect(counter.take()).toBe(1) // the half second left over plus this half
    expect(counter.take()).toBe(0)
  })
})
