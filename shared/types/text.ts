import { z } from 'zod'

// Free text from people, shared by the forms and the server. Control characters (NUL and the like) never
// belong in what someone types, and PostgreSQL cannot store NUL at all, so they are refused here with a 400
// rather than failing later as a 500 (issue 18, item 7). Multi-line text keeps its line breaks and tabs.

const CONTROL = /\p{Cc}/u
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u

export const CONTROL_CHARACTER_MESSAGE = 'Remove the control characters (invisible characters such as NUL) from this text.'

// Half of a character (a lone UTF-16 surrogate) cannot be stored as text or JSON by PostgreSQL either: a pasted
// fragment or a crafted request. With the `u` flag a whole character never matches, only a lone half.
const BROKEN_CHARACTER = /\p{Cs}/u
export const BROKEN_CHARACTER_MESSAGE = 'This text has a broken character in it. Type it again.'

/** One line of text: no control characters at all. Chain .trim(), .min() and .max() as usual. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(s => !CONTROL.test(s), CONTROL_CHARACTER_MESSAGE).refine(s => !BROKEN_CHARACTER.test(s), BROKEN_CHARACTER_MESSAGE)
}

/** Text that may run over several lines (a reflection): line breaks and tabs are kept, other control characters refused. */
export function multilineText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(s => !CONTROL_EXCEPT_LINE_BREAKS.test(s), CONTROL_CHARACTER_MESSAGE).refine(s => !BROKEN_CHARACTER.test(s), BROKEN_CHARACTER_MESSAGE)
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

/**
 * True when a string anywhere in a JSON value (keys included) holds NUL, which PostgreSQL cannot store. Walks
 * with its own stack rather than recursion, so a deeply nested body cannot overflow the call stack.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (item.includes('\0')) return true
    }
    else if (Array.isArray(item)) {
      for (const inner of item) stack.push(inner)
    }
    else if (item && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        if (key.includes('\0')) return true
        stack.push(inner)
      }
    }
  }
  return false
}
