import { z } from 'zod'

// Free text from people, shared by the forms and the server. Control characters (NUL and the like) never
// belong in what someone types, and PostgreSQL cannot store NUL at all, so they are refused here with a 400
// rather than failing later as a 500 (issue 18, item 7). Multi-line text keeps its line breaks and tabs.

const CONTROL = /\p{Cc}/u
const CONTROL_EXCEPT_LINE_BREAKS = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/

export const CONTROL_CHARACTER_MESSAGE = 'Remove the control characters (invisible characters such as NUL) from this text.'

/** One line of text: no control characters at all. Chain .trim(), .min() and .max() as usual. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(s => !CONTROL.test(s), CONTROL_CHARACTER_MESSAGE)
}

/** Text that may run over several lines (a reflection): line breaks and tabs are kept, other control characters refused. */
export function multilineText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(s => !CONTROL_EXCEPT_LINE_BREAKS.test(s), CONTROL_CHARACTER_MESSAGE)
}

/**
 * A link in a name would travel in the emails we send about that person or organisation (an invitation's
 * subject and body), so names are plain words: no web addresses, no domain-like words such as example.com.
 */
const LINK_LIKE = /:\/\/|\bwww\.|[a-z0-9-]\.(?:[a-z]{2,})(?:[/:?#]|\b)/i

export const NO_LINKS_MESSAGE = 'Names cannot contain web addresses. Write the name only.'

export function hasLink(value: string) {
  return LINK_LIKE.test(value)
}

/** A person's or an organisation's name: one line, no control characters, no links. */
export function nameText(params?: Parameters<typeof z.string>[0]) {
  return text(params).refine(s => !hasLink(s), NO_LINKS_MESSAGE)
}

/** True when a string anywhere in a JSON value (keys included) holds NUL, which PostgreSQL cannot store. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0')
  if (Array.isArray(value)) return value.some(containsNul)
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\0') || containsNul(v))
  return false
}
