/** How long a navigation inside the app waits for the whole stylesheet before loading the page afresh instead. */
const WAIT_MS = 8000

/**
 * Pages arrive with only the part of the site's stylesheet their HTML uses (server/plugins/03.page-styles.ts).
 * Once the app is mounted, the whole stylesheet is loaded (kept by the browser for a year), so a class added
 * later (an answer marked, a part opened) and every page reached inside the app are styled. A navigation that
 * starts before it has arrived waits for it. If it cannot be had (a dropped request, or an instance of a newer
 * build that no longer has this one's), navigations load each page afresh from the server, which sends every
 * page with the rules it uses: never an unstyled page.
 *
 * `$siteStylesReady` says when the whole stylesheet applies. Controls drawn only in the browser (their classes
 * are in no server HTML, so not in the page's part) wait for it rather than show unstyled for a moment.
 */
export default defineNuxtPlugin({
  name: 'site-styles',
  setup(nuxtApp) {
    const href = document.querySelector<HTMLStyleElement>('style[data-site-styles]')?.dataset.siteStyles
    // No name: the page carries the whole stylesheet already.
    const ready = ref(!href)
    const provide = { siteStylesReady: readonly(ready) }
    if (!href) return { provide }
    let loaded: Promise<boolean> | undefined
    const load = () => loaded ??= new Promise<boolean>((resolve) => {
      const link = document.createElement('link')
      link.rel = 'stylesheet'
      link.href = href
      // Fetched at low priority (a print stylesheet), not at the highest as a new stylesheet would be: the
      // page's own scripts come first. Applied once it has arrived.
      link.media = 'print'
      link.onload = () => {
        link.media = 'all'
        ready.value = true
        resolve(true)
      }
      link.onerror = () => resolve(false)
      setTimeout(() => resolve(false), WAIT_MS)
      document.head.append(link)
    })
    // app:mounted, not when idle: what the page draws in the browser after hydration is styled soon after.
    let mounted = false
    nuxtApp.hook('app:mounted', () => {
      mounted = true
      void load()
    })
    useRouter().beforeResolve(async (to) => {
      // Routes resolved while the app starts are the server's page, which has its rules: starting never waits
      // for the stylesheet (and never loads the page again).
      if (!mounted) return
      if (await load()) return
      window.location.assign(to.fullPath)
      return false
    })
    return { provide }
  },
})
