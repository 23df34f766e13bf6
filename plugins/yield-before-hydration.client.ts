/**
 * Lets the browser breathe between starting the app (its scripts, plugins, router and stores) and hydrating the
 * page: one long task becomes two shorter ones, so a tap or key press that arrives meanwhile is handled between
 * them instead of after both, and a phone's main thread is never blocked for the sum of the two (Lighthouse's
 * total blocking time; see "Measured" in the README). Nothing is lost by the pause: the page is the server's
 * until it hydrates, and what is typed meanwhile is kept (utils/earlyInput.ts).
 */
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:beforeMount', yieldToMain)
})
