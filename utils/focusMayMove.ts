/**
 * Whether a block's update (an answer marked, a choice answered) may move focus to what changed: only while the
 * learner is in the block, or when they acted in it and the pressed control has gone (focus fell to the page).
 * An update they did not cause here, say one applied as the block takes over, never takes focus from elsewhere.
 */
export function focusMayMove(root: HTMLElement | null | undefined, actedHere: boolean): boolean {
  return Boolean(root?.contains(document.activeElement)) || (actedHere && document.activeElement === document.body)
}
