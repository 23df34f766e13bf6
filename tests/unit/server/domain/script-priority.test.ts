import { describe, expect, it } from 'vitest'
import { lowPriorityScripts } from '../../../../server/domain/platform/script-priority'

describe('page script priority', () => {
  it('asks for module preloads and module scripts at low priority', () => {
    expect(lowPriorityScripts('<link rel="modulepreload" as="script" crossorigin href="/_nuxt/a.js"><script nonce="N" type="module" src="/_nuxt/a.js" crossorigin></script>'))
      .toBe('<link rel="modulepreload" as="script" crossorigin href="/_nuxt/a.js" fetchpriority="low"><script nonce="N" type="module" src="/_nuxt/a.js" crossorigin fetchpriority="low"></script>')
  })

  it('leaves classic and data scripts, other links and a priority already chosen alone', () => {
    const html = '<script nonce="N">window.__NUXT__={}</script><script type="application/json" id="__NUXT_DATA__">[]</script>'
      + '<script type="importmap">{}</script><link rel="icon" href="/favicon.ico"><link rel="modulepreload" href="/b.js" fetchpriority="high">'
    expect(lowPriorityScripts(html)).toBe(html)
  })
})
