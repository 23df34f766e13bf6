/**
 * Marks the document once Vue has taken over the server-rendered page. Until then a form looks ready but
 * typing into it is lost when hydration replaces its state; scripted users (the end-to-end tests) wait for this.
 */
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:suspense:resolve', () => {
    document.documentElement.dataset.hydrated = 'true'
  })
})
