/**
 * What someone types before the page's scripts have taken over the server-rendered page. On a phone on a slow
 * connection the sign-in form is on screen seconds before Vue hydrates it, and hydration sets each field back
 * to its (empty) state, so typed text vanished; pressing Enter posted the bare HTML form, which the server
 * refuses. `KEEP_EARLY_INPUT` runs as an inline script in the page's head, before any field exists: it notes
 * each field's value as it changes and holds back a form sent too soon. Once hydrated,
 * `replayEarlyInput` gives the fields their typed values back (through the events Vue listens to) and sends a
 * held form as if Enter had been pressed now.
 */
export interface EarlyInput {
  typed: Map<EventTarget, string | boolean>
  held: HTMLFormElement | null
  stop: () => void
}

type WindowWithEarlyInput = Window & { __earlyInput?: EarlyInput }

/**
 * The inline script, as text: the server's build replaces `window` and `document` in its own code, so this
 * cannot be a function turned into a string. It only notes values and holds forms; the replay is below.
 */
export const KEEP_EARLY_INPUT = `(() => {
  const early = { typed: new Map(), held: null }
  const note = (event) => {
    const field = event.target
    // Still typing in a form already sent (a phone's Go pressed in the email field): it was not ready, so it is
    // not sent for them; they send it again when they are done.
    if (early.held && early.held.contains(field)) early.held = null
    // Noted in the order they last changed, so a replay ends on the radio chosen last.
    early.typed.delete(field)
    if (field instanceof HTMLInputElement) early.typed.set(field, field.type === 'checkbox' || field.type === 'radio' ? field.checked : field.value)
    else if (field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) early.typed.set(field, field.value)
  }
  const hold = (event) => {
    if (document.documentElement.dataset.hydrated) return
    event.preventDefault()
    if (event.target instanceof HTMLFormElement) early.held = event.target
  }
  const kinds = { input: note, change: note, submit: hold }
  for (const kind in kinds) document.addEventListener(kind, kinds[kind], true)
  early.stop = () => { for (const kind in kinds) document.removeEventListener(kind, kinds[kind], true) }
  window.__earlyInput = early
})()`

/** After hydration: puts back what was typed where hydration changed it, then sends a held form. */
export function replayEarlyInput() {
  const early = (window as WindowWithEarlyInput).__earlyInput
  if (!early) return
  early.stop()
  delete (window as WindowWithEarlyInput).__earlyInput
  for (const [field, value] of early.typed) giveBack(field, value)
  if (early.held?.isConnected) early.held.requestSubmit()
}

/** What the fields under `root` show now: a checkbox or radio's tick, any other field's value. */
export function fieldsShown(root: Node): [field: Element, shown: string | boolean][] {
  if (!(root instanceof Element)) return []
  return [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
    .map(field => [field, field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio') ? field.checked : field.value])
}

/**
 * Puts back what the fields showed before a block took over from the server's HTML (taking over sets its
 * controls to the block's own state).
 */
export function showAgain(fields: [field: Element, shown: string | boolean][]) {
  for (const [field, shown] of fields) giveBack(field, shown)
}

/**
 * Gives a field a value it had before Vue took it over, where that differs, through the events Vue listens to
 * (a click for a tick; `input`, or `change` for a select), so the page's own state follows.
 */
function giveBack(field: EventTarget, value: string | boolean) {
  if (!(field instanceof HTMLElement) || !field.isConnected) return
  if (typeof value === 'boolean') {
    // A click unticks a checkbox, never a radio: a radio group comes back through the one that was ticked.
    if (field instanceof HTMLInputElement && field.checked !== value && (value || field.type === 'checkbox')) field.click()
  }
  else if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) && field.value !== value) {
    field.value = value
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
  }
}

/**
 * Zod compiles object schemas with `new Function` when it may, and probes for that by trying it once. The
 * Content-Security-Policy (server/domain/platform/security-headers.ts) allows no eval, so in the browser the probe
 * would be refused and reported as a violation on every page with a form. Forms here are small: the interpreted
 * path is plenty. Zod takes its settings from this global when it first loads (`z.config()` writes the same
 * object), so setting it in the page's head, before any script, reaches zod in whichever chunk it loads, without
 * importing zod into every page's entry script (about 13 KB of it before compression). The server keeps the
 * compiled path.
 */
export const ZOD_JITLESS = 'globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true }'
