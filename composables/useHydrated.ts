/**
 * False in the server-rendered page until Vue has taken it over. Buttons that only work through
 * JavaScript stay disabled until then, so an early tap is never silently lost.
 */
export function useHydrated() {
  const hydrated = ref(false)
  onMounted(() => {
    hydrated.value = true
  })
  return hydrated
}
