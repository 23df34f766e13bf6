/**
 * Counts a learner's active time on a page: only while the page is visible and they have done something
 * (scrolled, tapped, typed) recently. Driven by a clock tick, so the rule is tested without a browser.
 */

/** Reading a long part without touching the screen is normal; after this long without input we stop counting. */
export const IDLE_AFTER_MS = 2 * 60_000

/** Report time in chunks this size; the server credits at most 60 seconds to any one minute. */
export const REPORT_EVERY_SECONDS = 30

/** A gap between ticks longer than this (a sleeping phone, a paused tab) is not counted. */
const MAX_TICK_GAP_MS = 5_000

export class ActiveTimeCounter {
  private lastInput: number
  private lastTick: number
  private counted = 0

  constructor(now: number, private readonly idleAfterMs = IDLE_AFTER_MS) {
    this.lastInput = now
    this.lastTick = now
  }

  /** The learner did something. */
  input(now: number) {
    this.lastInput = Math.max(this.lastInput, now)
  }

  /**
   * Called every second or so. Counts the time since the last tick when the page was visible and the
   * learner active, and returns whole seconds to report once a chunk is full (else 0).
   */
  tick(now: number, visible: boolean): number {
    const gap = now - this.lastTick
    this.lastTick = now
    if (visible && gap > 0 && gap <= MAX_TICK_GAP_MS && now - this.lastInput <= this.idleAfterMs) this.counted += gap
    return this.counted >= REPORT_EVERY_SECONDS * 1000 ? this.take() : 0
  }

  /** Everything counted and not yet reported, in whole seconds (the rest carries over); for leaving the page. */
  take(): number {
    const seconds = Math.min(60, Math.floor(this.counted / 1000))
    this.counted -= seconds * 1000
    return seconds
  }
}
