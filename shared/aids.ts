/**
 * Job aids (content/aids): one-page checklists and forms carers print or download as a tagged PDF. Shared by
 * the server (which draws the PDF), the pages and the content tests.
 */

/** The markdown an aid may use: what both the print page and the PDF writer know how to draw. */
export const AID_TAGS = new Set(['h2', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'a'])

export type AidKind = 'checklist' | 'form'

/** An aid as the browser receives it. */
export interface AidView {
  id: string
  title: string
  description: string
  order: number
  kind: AidKind
  /** The rendered markdown tree (minimark), for <ContentRenderer>. */
  body: unknown
}

/** Where an aid's page and PDF live. */
export const aidPath = (id: string) => `/course/aids/${id}`
export const aidPdfPath = (id: string) => `/api/aids/${id}/pdf`
