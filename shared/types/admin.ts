/** Admin lists: one page of rows and where it sits in the whole (the server searches, filters and pages in SQL). */
export interface PageInfo {
  total: number
  page: number
  pageSize: number
  pages: number
}
