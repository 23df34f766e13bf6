/** The final assessment as the browser sees it. */

/** Whether a new attempt may start now, and if not, what it waits for, in terms the page can say plainly. */
export interface RetakeGate {
  open: boolean
  /** Still to do after a fail: time in these sections. Null when that rule is met or does not apply. */
  study: { sections: { id: string, title: string }[], secondsLeft: number } | null
  /** When the limit of attempts in 24 hours next allows one (ISO). Null when it does not hold an attempt back. */
  notBefore: string | null
}
