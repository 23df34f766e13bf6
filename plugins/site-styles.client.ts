/**
 * Pages arrive with only the part of the site's stylesheet their HTML uses (server/plugins/03.page-styles.ts).
 * Once the page is running, the whole stylesheet is loaded (kept by the browser for a year), so a class added
 * later (an answer marked, a part opened) and every page reached inside the app are styled. A navigation that
 * starts before it has arrived waits for it.
 */
export default defineNuxtPlugin({
  name: 'site-styles',
  setup() {
    const href = document.querySelector<HTMLStyleElement>('style[data-site-styles]')?.dataset.siteStyles
    if (!href) return
    let loaded: Promise<void> | undefined
    const load = () => loaded ??= new Promise<void>((resolve) => {
      const link = document.createElement('link')
      link.rel = 'stylesheet'
      link.href = href
      // Fetched at low priority (a print stylesheet), not at the highest as a new stylesheet would be: the
      // page's own scripts come first. Applied once it has arrived.
      link.media = 'print'
      link.onload = () => {
        link.media = 'all'
        resolve()
      }
      link.onerror = () => resolve()
      document.head.append(link)
    })
    onNuxtReady(load)
    useRouter().beforeResolve(() => load())
  },
})
