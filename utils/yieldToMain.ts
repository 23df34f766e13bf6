/**
 * Ends the current task and carries on in a new one, ahead of other waiting work where the browser can
 * (`scheduler.yield`, Chromium 129+), after any waiting input and rendering otherwise.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise(resolve => setTimeout(resolve, 0))
}
