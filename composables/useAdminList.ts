import type { NitroFetchRequest } from 'nitropack'
import type { PageInfo } from '#shared/types/admin'

/**
 * The state of an admin list: a debounced search, filters and paging sent to the server as the query string
 * (the server searches, filters and pages in SQL), and the "Showing 1 to 25 of 300" summary. The rows are typed
 * by the handler that answers `url`.
 */
export function useAdminList<R extends NitroFetchRequest, F extends Record<string, string>>(url: R, filters: F, key: string) {
  // A link may open the list already searched (the user page links to the audit log for that person).
  const linked = useRoute().query.q
  const initial = typeof linked === 'string' ? linked.slice(0, 200) : ''
  const query = reactive({ q: initial, page: 1, pageSize: 25, ...filters })
  const search = useDebouncedSearch(query, initial)
  watch(() => [query.pageSize, ...Object.keys(filters).map(k => (query as Record<string, unknown>)[k])], () => { query.page = 1 })
  // Empty filters are left out of the URL, so the server applies its defaults.
  const params = computed(() => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')))
  // The response's type comes from the handler at `url` (every admin list answers a page with PageInfo).
  const fetched = useFetch(url, { query: params, key })
  const summary = computed(() => {
    const d = fetched.data.value as PageInfo | null | undefined
    if (!d) return ''
    if (!d.total) return 'Nothing matches.'
    const from = (d.page - 1) * d.pageSize + 1
    return `Showing ${from.toLocaleString('en-GB')} to ${Math.min(d.page * d.pageSize, d.total).toLocaleString('en-GB')} of ${d.total.toLocaleString('en-GB')}`
  })
  return { search, query, summary, ...fetched }
}
