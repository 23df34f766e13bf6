/**
 * Marks the document once Vue has taken over the server-rendered page, then gives back what was typed (and
 * sends a form submitted) before that moment (utils/earlyInput.ts). Scripted users (the end-to-end tests) wait
 * for the mark.
 */
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:suspense:resolve', () => {
    document.documentElement.dataset.hydrated = 'true'
    replayEarlyInput()
  })
})
