/**
 * A search box for a list the server searches: what is typed reaches `query.q` (trimmed) once typing pauses for
 * 300 ms, and the list goes back to its first page, so each keystroke does not fetch a page.
 */
export function useDebouncedSearch(query: { q: string, page: number }, initial = '') {
  const search = ref(initial)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(search, (value) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      query.q = value.trim()
      query.page = 1
    }, 300)
  })
  return search
}
