/**
 * The part of the site's stylesheet one page needs (issue 23, item 1).
 *
 * The site's stylesheet (Tailwind's utilities and Nuxt UI's component themes, about 120 KB) is the same for
 * every page, but a page's HTML uses a fifth of it. Each page is sent with only the rules that can match its
 * HTML (server/plugins/03.page-styles.ts); the whole stylesheet follows once the page is running, before
 * anything can add a class (plugins/site-styles.client.ts).
 *
 * Almost every rule here is a class rule, so "can match" is decided by class names alone: a rule is kept when
 * every class one of its selectors names is in the page (`.group:hover .group-hover\:underline` needs both).
 * Classes inside `:not()`, `:where()`, `:is()`, `:has()` and attribute selectors are not required (a rule for
 * `.a:not(.b)` applies exactly when `.b` is absent), so such rules err on the side of being kept. Rules naming
 * no class (the reset, custom properties on `:root`) are always kept, in the stylesheet's order, inside their
 * `@layer`, `@media` and `@supports` blocks. `@keyframes` and `@property` rules are kept when a kept rule
 * mentions their name.
 *
 * The input is the minified stylesheet the build makes (no nesting); this reads only its block structure.
 */

type Piece =
  /** A style rule: kept when one of its selectors' class lists is all in the page (an empty list: always). */
  | { kind: 'rule', text: string, needs: string[][] }
  /** `@media`, `@supports`, `@layer` … with rules inside: kept when something inside is. */
  | { kind: 'group', open: string, pieces: Piece[] }
  /** `@keyframes name` or `@property --name`: kept when a kept rule mentions the name. */
  | { kind: 'named', text: string, name: string }
  /** Anything else (`@layer a, b;`, `@font-face`, the licence comment): always kept. */
  | { kind: 'always', text: string }

export interface StylesheetIndex {
  pieces: Piece[]
}

const GROUP_AT_RULES = new Set(['media', 'supports', 'layer', 'container', 'scope', 'starting-style'])

/** Where the string, comment or escape that starts at `i` ends (the index after it), or `i` itself. */
function skipToken(css: string, i: number): number {
  const c = css[i]
  if (c === '\\') return i + 2
  if (c === '"' || c === '\'') {
    let j = i + 1
    while (j < css.length && css[j] !== c) j += css[j] === '\\' ? 2 : 1
    return j + 1
  }
  if (c === '/' && css[i + 1] === '*') {
    const end = css.indexOf('*/', i + 2)
    return end < 0 ? css.length : end + 2
  }
  return i
}

/** The index of the next `{`, `;` or `}` at this level (outside strings, comments, parentheses, brackets). */
function nextDelimiter(css: string, i: number): number {
  let depth = 0
  while (i < css.length) {
    const skipped = skipToken(css, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    const c = css[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (depth === 0 && (c === '{' || c === ';' || c === '}')) return i
    i++
  }
  return css.length
}

/** The index just after the `}` that closes the block whose `{` is at `open`. */
function blockEnd(css: string, open: number): number {
  let depth = 0
  for (let i = open; i < css.length;) {
    const skipped = skipToken(css, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    if (css[i] === '{') depth++
    else if (css[i] === '}' && --depth === 0) return i + 1
    i++
  }
  return css.length
}

/** Splits at commas outside parentheses, brackets and strings. */
function splitSelectorList(selectors: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < selectors.length;) {
    const skipped = skipToken(selectors, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    const c = selectors[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (c === ',' && depth === 0) {
      parts.push(selectors.slice(start, i))
      start = i + 1
    }
    i++
  }
  parts.push(selectors.slice(start))
  return parts
}

/** A CSS identifier starting at `i`, with its escapes undone (`hover\:underline`, `\32 xl\:p-4`), and where it ends. */
function readIdentifier(text: string, i: number): [string, number] {
  let name = ''
  while (i < text.length) {
    const c = text[i]!
    if (c === '\\') {
      const hex = /^[0-9a-fA-F]{1,6} ?/.exec(text.slice(i + 1, i + 8))
      if (hex) {
        // As CSS says: zero, a surrogate or beyond Unicode's last code point reads as U+FFFD (and never throws).
        const code = Number.parseInt(hex[0].trim(), 16)
        name += code === 0 || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF ? '\uFFFD' : String.fromCodePoint(code)
        i += 1 + hex[0].length
      }
      else {
        name += text[i + 1] ?? ''
        i += 2
      }
    }
    else if (/[\w-]/.test(c) || c.charCodeAt(0) > 127) {
      name += c
      i++
    }
    else break
  }
  return [name, i]
}

/** The text inside the parentheses opened at `open`, and the index after them, when it is a single selector. */
function singleArgument(selector: string, open: number): { inside: string, end: number } | null {
  let depth = 0
  for (let i = open; i < selector.length;) {
    const skipped = skipToken(selector, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    const c = selector[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') {
      if (--depth === 0) {
        const inside = selector.slice(open + 1, i)
        return splitSelectorList(inside).length === 1 ? { inside, end: i + 1 } : null
      }
    }
    i++
  }
  return null
}

/** The classes a selector requires: those outside functional pseudo-classes, attribute selectors and strings. */
export function requiredClasses(selector: string): string[] {
  const classes: string[] = []
  let depth = 0
  for (let i = 0; i < selector.length;) {
    const skipped = skipToken(selector, i)
    if (skipped !== i && selector[i] !== '\\') {
      i = skipped
      continue
    }
    const c = selector[i]
    // `:where(.space-y-2>:not(:last-child))`: one selector inside `:where()` or `:is()` is required like the rest.
    const single = depth === 0 && /:(?:where|is)\($/.test(selector.slice(Math.max(0, i - 6), i + 1)) ? singleArgument(selector, i) : null
    if (single) {
      classes.push(...requiredClasses(single.inside))
      i = single.end
      continue
    }
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (c === '.' && depth === 0) {
      const [name, end] = readIdentifier(selector, i + 1)
      if (name) classes.push(name)
      i = end
      continue
    }
    // An escape outside a class name (rare): step over it whole.
    i = c === '\\' ? i + 2 : i + 1
  }
  return classes
}

function parsePieces(css: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = []
  let i = start
  while (i < end) {
    while (i < end && /\s/.test(css[i]!)) i++
    if (i >= end) break
    if (css.startsWith('/*', i)) {
      const after = skipToken(css, i)
      // Keep the licence notice (`/*! … */`); other comments are dropped.
      if (css[i + 2] === '!') pieces.push({ kind: 'always', text: css.slice(i, after) })
      i = after
      continue
    }
    const delimiter = nextDelimiter(css, i)
    const prelude = css.slice(i, delimiter).trim()
    if (delimiter >= end || css[delimiter] === '}') {
      // Stray text or the end of an unclosed block: keep it as it is rather than lose it.
      if (prelude) pieces.push({ kind: 'always', text: css.slice(i, Math.min(delimiter, end)) })
      i = delimiter + 1
      continue
    }
    if (css[delimiter] === ';') {
      pieces.push({ kind: 'always', text: css.slice(i, delimiter + 1) })
      i = delimiter + 1
      continue
    }
    const close = blockEnd(css, delimiter)
    const text = css.slice(i, close)
    const atRule = /^@([\w-]+)\s*(\S*)/.exec(prelude)
    if (!atRule) pieces.push({ kind: 'rule', text, needs: splitSelectorList(prelude).map(requiredClasses) })
    else if (GROUP_AT_RULES.has(atRule[1]!)) pieces.push({ kind: 'group', open: css.slice(i, delimiter + 1), pieces: parsePieces(css, delimiter + 1, close - 1) })
    else if (/^(?:-\w+-)?keyframes$/.test(atRule[1]!) || atRule[1] === 'property') pieces.push({ kind: 'named', text, name: atRule[2]! })
    else pieces.push({ kind: 'always', text })
    i = close
  }
  return pieces
}

/** Reads a stylesheet's structure once, so each page's part of it is quick to pick. */
export function indexStylesheet(css: string): StylesheetIndex {
  return { pieces: parsePieces(css, 0, css.length) }
}

function pick(pieces: Piece[], classes: ReadonlySet<string>): Piece[] {
  const kept: Piece[] = []
  for (const piece of pieces) {
    if (piece.kind === 'rule') {
      if (piece.needs.some(needed => needed.every(name => classes.has(name)))) kept.push(piece)
    }
    else if (piece.kind === 'group') {
      const inside = pick(piece.pieces, classes)
      // A block holding only `@keyframes` (Nuxt UI's reduced-motion ones) is kept here; render drops it if none is used.
      if (inside.some(p => p.kind !== 'always')) kept.push({ ...piece, pieces: inside })
    }
    else kept.push(piece)
  }
  return kept
}

/** The kept pieces' text, and whether any of it styles something (a rule, or a name a kept rule uses). */
function render(pieces: Piece[], mentioned: string): { css: string, styles: boolean } {
  let css = ''
  let styles = false
  for (const piece of pieces) {
    if (piece.kind === 'group') {
      // A block is written only when a rule or a used name inside it is: its resets alone style nothing.
      const inside = render(piece.pieces, mentioned)
      if (inside.styles) css += `${piece.open}${inside.css}}`
      styles ||= inside.styles
    }
    // A registered custom property matters only where a kept rule reads it (the reset that sets them all does not).
    else if (piece.kind === 'named') {
      if (isMentioned(mentioned, piece.name.startsWith('--') ? `var(${piece.name}` : piece.name)) {
        css += piece.text
        styles = true
      }
    }
    else {
      css += piece.text
      styles ||= piece.kind === 'rule'
    }
  }
  return { css, styles }
}

/** The text of the kept rules, where `@keyframes` and `@property` names are looked for. */
function ruleText(pieces: Piece[]): string {
  return pieces.map(p => p.kind === 'rule' ? p.text : p.kind === 'group' ? ruleText(p.pieces) : '').join('')
}

function isMentioned(text: string, name: string): boolean {
  let at = text.indexOf(name)
  while (at >= 0) {
    const before = text[at - 1] ?? ''
    const after = text[at + name.length] ?? ''
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return true
    at = text.indexOf(name, at + 1)
  }
  return false
}

/** The stylesheet with only the rules that can apply to a page using these classes, in the same order. */
export function stylesheetFor(index: StylesheetIndex, classes: ReadonlySet<string>): string {
  const kept = pick(index.pieces, classes)
  return render(kept, ruleText(kept)).css
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': '\'', '&lt;': '<', '&gt;': '>' }

/** Every class named in the `class` attributes of some server-rendered HTML (Vue quotes them with `"`). */
export function classesInHtml(html: string, into = new Set<string>()): Set<string> {
  for (const match of html.matchAll(/\sclass="([^"]*)"/g)) {
    for (const name of match[1]!.split(/\s+/)) {
      if (name) into.add(name.includes('&') ? name.replace(/&(?:amp|quot|#39|lt|gt);/g, entity => ENTITIES[entity]!) : name)
    }
  }
  return into
}
