/** The token from an emailed link. It travels in the URL fragment, which is never sent to a server. */
export function useLinkToken() {
  const token = ref<string | null>(null)
  onMounted(() => {
    token.value = new URLSearchParams(window.location.hash.slice(1)).get('token')
    // Remove it from the address bar and history once read.
    if (token.value) history.replaceState(history.state, '', window.location.pathname)
  })
  return token
}
