import type { Page } from '@playwright/test'

/**
 * Checks for WCAG 2.2 criteria that axe cannot judge, run inside the page. Each returns a list of problems
 * (empty when the page passes), each naming the element, so a failure says what to fix.
 */

/**
 * 2.5.8 Target size (minimum). Every control is at least 24 × 24 CSS px, where a native radio or checkbox
 * counts with the label around it (pressing the label sets it). Exceptions, as the criterion allows: a link in
 * a sentence (inline), and a link, radio button or checkbox whose 24 px circle touches no other target (spacing).
 * Push buttons and fields get no spacing exception: this site holds them to 24 × 24 outright.
 */
export async function undersizedTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // What a failing element is, for a message: its tag, and its name or text. (Inlined: it runs in the page.)
    const describe = (el: Element) => {
      const name = el.getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute('title') || el.getAttribute('href') || ''
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${String(name).trim().replace(/\s+/g, ' ').slice(0, 50)}"`
    }
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex]:not([tabindex="-1"])'
    const targets = [...document.querySelectorAll<HTMLElement>(selector)]
      .filter(el => !el.closest('[aria-hidden=true], iframe') && el.checkVisibility({ visibilityProperty: true }))
      .map((el) => {
        const label = (el instanceof HTMLInputElement && ['radio', 'checkbox'].includes(el.type)) ? el.closest('label') : null
        return { el, rect: (label ?? el).getBoundingClientRect() }
      })
      // Visually hidden (the skip link until it is focused): nothing to tap.
      .filter(t => t.rect.width > 1 && t.rect.height > 1)
    const big = (r: DOMRect) => r.width >= 23.5 && r.height >= 23.5
    const small = targets.filter(t => !big(t.rect))
    const centre = (r: DOMRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
    const inSentence = (el: HTMLElement) => {
      let block: HTMLElement | null = el.parentElement
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement
      const own = (el.innerText ?? '').trim().length
      return Boolean(block && (block.innerText ?? '').trim().length > own + 10)
    }
    const circleTouches = (c: { x: number, y: number }, r: DOMRect) => {
      const dx = Math.max(r.left - c.x, 0, c.x - r.right)
      const dy = Math.max(r.top - c.y, 0, c.y - r.bottom)
      return dx * dx + dy * dy < 12 * 12 - 0.5
    }
    return small.flatMap(({ el, rect }) => {
      const isLink = el.tagName === 'A'
      const isChoice = ['radio', 'checkbox'].includes(el.getAttribute('role') ?? (el as HTMLInputElement).type)
      if (isLink && inSentence(el)) return []
      const c = centre(rect)
      const spaced = targets.every(o => o.el === el || o.el.contains(el) || el.contains(o.el)
        || (big(o.rect) ? !circleTouches(c, o.rect) : Math.hypot(centre(o.rect).x - c.x, centre(o.rect).y - c.y) >= 24 - 0.5))
      if ((isLink || isChoice) && spaced) return []
      return [`${describe(el)} is ${Math.round(rect.width)} × ${Math.round(rect.height)} px`]
    })
  })
}

/**
 * 2.4.11 Focus not obscured (minimum), and 2.4.7 focus visible: presses Tab through the page and, at each stop,
 * measures how much of the focused element is covered by anything fixed or sticky (the progress bar, the save
 * banner, an overlay). Fails when more than half of its visible part is covered (the criterion fails only when
 * all of it is), when it is entirely off screen, or when it shows no focus indicator (an outline or a ring).
 * `forced` reads the indicator as Windows high contrast draws it: box-shadow rings are dropped there.
 */
export async function tabThrough(page: Page, opts: { forced?: boolean, limit?: number } = {}): Promise<{ stops: number, problems: string[] }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur()
    window.scrollTo(0, 0)
    // Everything fixed or sticky, found once: nothing changes state while tabbing.
    ;(window as unknown as { pinned: HTMLElement[] }).pinned = [...document.querySelectorAll<HTMLElement>('body *')].filter((n) => {
      const p = getComputedStyle(n).position
      return p === 'fixed' || p === 'sticky'
    })
  })
  // Start from the top of the document, as a keyboard user arriving on the page does.
  await page.locator('body').focus().catch(() => {})
  const problems: string[] = []
  const seen = new Set<string>()
  let stops = 0
  for (let i = 0; i < (opts.limit ?? 400); i++) {
    await page.keyboard.press('Tab')
    const stop = await page.evaluate((forced) => {
      // What a failing element is, for a message: its tag, and its name or text. (Inlined: it runs in the page.)
      const describe = (el: Element) => {
        const name = el.getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute('title') || el.getAttribute('href') || ''
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${String(name).trim().replace(/\s+/g, ' ').slice(0, 50)}"`
      }
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body || el === document.documentElement) return null
      if (el.tagName === 'IFRAME') return { key: 'iframe', problem: null }
      // The same element twice means Tab has come round again.
      const w = window as unknown as { stops?: WeakMap<Element, number>, n?: number }
      w.stops ??= new WeakMap()
      if (!w.stops.has(el)) w.stops.set(el, (w.n = (w.n ?? 0) + 1))
      const key = String(w.stops.get(el))
      const rect = el.getBoundingClientRect()
      const covers = (window as unknown as { pinned: HTMLElement[] }).pinned
        .filter(n => !n.contains(el) && !el.contains(n) && n.checkVisibility({ visibilityProperty: true }))
        .map(n => n.getBoundingClientRect())
        .filter(r => r.width > 0 && r.height > 0)
      // Sample the element on a 7 × 7 grid. Off screen is the browser's to fix (it scrolls a focused control
      // into view, a text field only as far as its caret), so only a control entirely off screen fails; a control
      // whose visible part is more than half under something fixed or sticky fails.
      let off = 0
      let covered = 0
      const N = 7
      for (let a = 0; a < N; a++) {
        for (let b = 0; b < N; b++) {
          const x = rect.left + (rect.width * (a + 0.5)) / N
          const y = rect.top + (rect.height * (b + 0.5)) / N
          if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) off++
          else if (covers.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) covered++
        }
      }
      const style = getComputedStyle(el)
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      const ring = !forced && style.boxShadow !== 'none'
      let problem: string | null = null
      const box = `box ${[rect.left, rect.top, rect.width, rect.height].map(Math.round).join(',')} in ${window.innerWidth}×${window.innerHeight}`
      if (off === N * N) problem = `${describe(el)} is off screen when focused (${box})`
      else if (covered / (N * N - off) > 0.5) problem = `${describe(el)} is ${Math.round((100 * covered) / (N * N - off))}% covered when focused (${box})`
      else if (!outline && !ring) problem = `${describe(el)} shows no focus indicator`
      return { key, problem }
    }, opts.forced ?? false)
    if (!stop) break
    if (seen.has(stop.key)) break
    seen.add(stop.key)
    stops++
    if (stop.problem) problems.push(stop.problem)
  }
  return { stops, problems }
}

/** The headings a screen reader lists, from the page's accessibility tree: [level, name]. */
export async function headingOutline(page: Page): Promise<[number, string][]> {
  const tree = await page.locator('body').ariaSnapshot()
  // A name with a colon is quoted in the YAML: `- 'heading "Quiz: words" [level=3]'`.
  return [...tree.matchAll(/- '?heading(?: "((?:[^"\\]|\\.)*)")? \[level=(\d)\]/g)].map(m => [Number(m[2]), m[1] ?? ''])
}

/** Headings that skip a level on the way down (h2 then h4), or a page without exactly one h1 first. */
export function headingProblems(outline: [number, string][]): string[] {
  const problems: string[] = []
  if (outline[0]?.[0] !== 1) problems.push(`the first heading is not level 1: ${JSON.stringify(outline[0])}`)
  if (outline.filter(([level]) => level === 1).length !== 1) problems.push('there is not exactly one level 1 heading')
  outline.forEach(([level, name], i) => {
    const before = outline[i - 1]?.[0] ?? 0
    if (level > before + 1) problems.push(`"${name}" is level ${level} after level ${before}`)
  })
  return problems
}

/** Controls in the accessibility tree that have no name (what a screen reader would announce as just "button"). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot()
  const roles = 'button|link|textbox|searchbox|checkbox|radio|combobox|listbox|spinbutton|slider|switch|tab|menuitem|progressbar|option'
  return tree.split('\n').filter(line => new RegExp(`^\\s*- '?(${roles})(?:\\s*$|\\s*:|\\s*\\[)`).test(line)).map(l => l.trim())
}
