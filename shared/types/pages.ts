/** A public page of the site (glossary, help, sources), as the browser receives it. */
export interface SitePage {
  id: string
  title: string
  description: string
  /** The rendered markdown tree (minimark), for <ContentRenderer>. */
  body: unknown
}
