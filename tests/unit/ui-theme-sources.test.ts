import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// assets/css/main.css leaves the themes of Nuxt UI components the site does not use out of the stylesheet. A page
// that starts using one of them would show it unstyled, which no other test would notice: this one does.

const root = fileURLToPath(new URL('../../', import.meta.url))
const uiComponents = join(root, 'node_modules/@nuxt/ui/dist/runtime/components')

function leftOutThemes(): Set<string> {
  const css = readFileSync(join(root, 'assets/css/main.css'), 'utf8')
  const list = css.match(/@source not "\.\.\/\.\.\/\*\*\/\.nuxt\/ui\/\{([^}]+)\}\.ts";/)?.[1]
  return new Set(list?.split(',').map(name => name.trim()) ?? [])
}

/** Every file of the app's own code that can render a component. */
function appFiles(): string[] {
  const walk = (path: string): string[] => statSync(path).isDirectory()
    ? readdirSync(path).flatMap(name => walk(join(path, name)))
    : /\.(vue|ts)$/.test(path) ? [path] : []
  return ['pages', 'components', 'layouts', 'composables', 'plugins', 'middleware', 'app.vue', 'error.vue']
    .map(path => join(root, path)).filter(existsSync).flatMap(walk)
}

/** Nuxt UI components the app renders (`<UButton>`, `<LazyUModal>`, `resolveComponent('UTable')`), by file name. */
function usedComponents(): Set<string> {
  const used = new Set<string>()
  for (const file of appFiles()) {
    const text = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    for (const m of text.matchAll(/<(?:Lazy)?U([A-Z][A-Za-z]+)[\s/>]|resolveComponent\(['"](?:Lazy)?U([A-Z][A-Za-z]+)['"]\)/g)) used.add(m[1] ?? m[2]!)
  }
  return used
}

/** The theme files a component and every Nuxt UI component it renders read (`import theme from "#build/ui/button"`). */
function themesOf(components: Set<string>): Map<string, string> {
  const themes = new Map<string, string>()
  const seen = new Set<string>()
  const visit = (name: string, usedBy: string) => {
    const file = join(uiComponents, `${name}.vue`)
    if (seen.has(name) || !existsSync(file)) return
    seen.add(name)
    const source = readFileSync(file, 'utf8')
    for (const m of source.matchAll(/from "#build\/ui\/([a-z-]+)"/g)) themes.set(m[1]!, usedBy)
    for (const m of source.matchAll(/import U\w+ from "\.\/(\w+)\.vue"/g)) visit(m[1]!, usedBy)
  }
  for (const name of components) visit(name, `U${name}`)
  return themes
}

describe('Nuxt UI themes left out of the stylesheet', () => {
  it('finds the list in main.css and the components the site uses', () => {
    expect(leftOutThemes().size).toBeGreaterThan(50)
    expect(usedComponents()).toContain('Button')
    expect([...themesOf(new Set(['Button'])).keys()]).toEqual(expect.arrayContaining(['button', 'avatar', 'link']))
  })

  it('would catch a page that starts using a left-out component, such as a modal', () => {
    expect([...themesOf(new Set(['Modal'])).keys()].filter(theme => leftOutThemes().has(theme))).toContain('modal')
  })

  it('leaves out no theme of a component the site renders, directly or inside another', () => {
    const leftOut = leftOutThemes()
    const missing = [...themesOf(usedComponents())].filter(([theme]) => leftOut.has(theme))
      .map(([theme, usedBy]) => `${theme} (rendered by ${usedBy}): take it out of the @source not list in assets/css/main.css`)
    expect(missing).toEqual([])
  })
})

// nuxt.config.ts has Nuxt UI make classes only for the colours the site names (`ui.theme.colors`); a component
// given another colour would render without its colour classes.
describe('Nuxt UI colours the site uses', () => {
  const NUXT_UI_COLORS = ['primary', 'secondary', 'success', 'info', 'warning', 'error', 'neutral']
  const generated = () => {
    const list = readFileSync(join(root, 'nuxt.config.ts'), 'utf8').match(/theme: \{ colors: \[([^\]]*)\]/)?.[1]
    return new Set([...list?.matchAll(/'(\w+)'/g) ?? []].map(m => m[1]!).concat('neutral'))
  }

  it('finds the list in nuxt.config.ts', () => {
    expect(generated()).toContain('primary')
  })

  it('are all generated', () => {
    const named = new Set<string>()
    for (const file of appFiles()) {
      const text = readFileSync(file, 'utf8')
      // color="error", color: 'info', :color="x ? 'error' : 'primary'"
      for (const m of text.matchAll(/\bcolor(?:="|: ?'|="[^"]*')([a-z]+)\b/g)) named.add(m[1]!)
      for (const m of text.matchAll(/:color="([^"]*)"/g)) for (const c of m[1]!.matchAll(/'(\w+)'/g)) named.add(c[1]!)
      for (const name of named) if (!NUXT_UI_COLORS.includes(name)) named.delete(name)
    }
    expect(named.size).toBeGreaterThan(3)
    expect([...named].filter(color => !generated().has(color))).toEqual([])
  })
})
