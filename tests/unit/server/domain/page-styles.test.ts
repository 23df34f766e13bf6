import { describe, expect, it } from 'vitest'
import { classesInHtml, indexStylesheet, requiredClasses, stylesheetFor } from '../../../../server/domain/platform/page-styles'

// A page is sent with only the rules of the site's stylesheet its HTML can use. A rule wrongly left out shows
// as an unstyled element until the whole stylesheet arrives; these pin down what "can use" means.

const pick = (css: string, ...classes: string[]) => stylesheetFor(indexStylesheet(css), new Set(classes))

describe('the classes a selector requires', () => {
  it('reads Tailwind\'s escaped class names back to the names in the HTML', () => {
    expect(requiredClasses('.hover\\:underline:hover')).toEqual(['hover:underline'])
    expect(requiredClasses('.w-1\\/2')).toEqual(['w-1/2'])
    expect(requiredClasses('.\\32 xl\\:p-4')).toEqual(['2xl:p-4'])
    expect(requiredClasses('.\\[\\&_a\\]\\:underline a')).toEqual(['[&_a]:underline'])
    expect(requiredClasses('.data-\\[state\\=open\\]\\:block[data-state=open]')).toEqual(['data-[state=open]:block'])
  })

  it('requires every class of a compound or descendant selector', () => {
    expect(requiredClasses('.group:hover .group-hover\\:underline')).toEqual(['group', 'group-hover:underline'])
  })

  it('requires nothing for a class the rule needs absent, or one of several alternatives', () => {
    expect(requiredClasses('.a:not(.b)')).toEqual(['a'])
    expect(requiredClasses(':is(.a,.b) .c')).toEqual(['c'])
    expect(requiredClasses('[data-x=".y"]')).toEqual([])
  })

  it('requires the classes of a single selector inside :where()', () => {
    expect(requiredClasses(':where(.space-y-2>:not(:last-child))')).toEqual(['space-y-2'])
  })
})

describe('a page\'s part of the stylesheet', () => {
  const css = '/*! licence */@layer theme{:root{--x:1}}@layer utilities{.a{color:red}.b{color:blue}'
    + '@media (min-width:40rem){.md\\:a{color:green}}.c:not(.d){margin:0}.e,.f{padding:0}}'

  it('keeps the rules for classes in the page and those naming no class, in order, in their blocks', () => {
    expect(pick(css, 'a', 'c')).toBe('/*! licence */@layer theme{:root{--x:1}}@layer utilities{.a{color:red}.c:not(.d){margin:0}}')
    expect(pick(css, 'md:a', 'f')).toBe('/*! licence */@layer theme{:root{--x:1}}@layer utilities{@media (min-width:40rem){.md\\:a{color:green}}.e,.f{padding:0}}')
  })

  it('gives back the whole stylesheet when the page uses every class', () => {
    expect(pick(css, 'a', 'b', 'md:a', 'c', 'e')).toBe(css)
  })

  it('keeps keyframes and registered properties only when a kept rule uses them', () => {
    const animated = '@keyframes spin{to{transform:rotate(1turn)}}@keyframes fade{to{opacity:0}}'
      + '@property --tw-x{syntax:"*";inherits:false}@layer properties{*{--tw-x:initial}}'
      + '.spin{animation:spin 1s}.x{transform:var(--tw-x)}'
    expect(pick(animated, 'spin')).toBe('@keyframes spin{to{transform:rotate(1turn)}}@layer properties{*{--tw-x:initial}}.spin{animation:spin 1s}')
    expect(pick(animated, 'x')).toBe('@property --tw-x{syntax:"*";inherits:false}@layer properties{*{--tw-x:initial}}.x{transform:var(--tw-x)}')
  })

  it('keeps a block that holds only keyframes when a kept rule uses one, and drops it otherwise', () => {
    const reduced = '@media (prefers-reduced-motion:reduce){@keyframes spin{to{opacity:1}}@keyframes fade{to{opacity:0}}}.spin{animation:spin 1s}.y{color:red}'
    expect(pick(reduced, 'spin')).toBe('@media (prefers-reduced-motion:reduce){@keyframes spin{to{opacity:1}}}.spin{animation:spin 1s}')
    expect(pick(reduced, 'y')).toBe('.y{color:red}')
  })

  it('reads an escape beyond Unicode as U+FFFD instead of failing the page', () => {
    expect(requiredClasses('.\\ffffff')).toEqual(['\uFFFD'])
    expect(pick('.\\110000{color:red}.z{color:blue}', 'z')).toBe('.z{color:blue}')
  })

  it('is not confused by braces and commas inside strings', () => {
    expect(pick('.q::before{content:"}{,"}.r{color:red}', 'q')).toBe('.q::before{content:"}{,"}')
  })
})

describe('the classes in a page\'s HTML', () => {
  it('reads every class attribute, with Vue\'s escaping undone', () => {
    const html = '<div class="a  b"><p class="[&amp;_a]:underline">x</p><span class="">y</span></div>'
    expect([...classesInHtml(html)].sort()).toEqual(['[&_a]:underline', 'a', 'b'])
  })
})
