/** A section as the refresher panel lists it: what it is and, for a changed one, what changed. */
export interface RefresherLine { id: string, title: string, summary: string }

/**
 * What the learner's refresher panel shows (GET /api/refresher, and the POST's `refresher`): whether one can
 * start, or the one under way and what it asks. `validUntil` is the day the standing certificate was issued with.
 */
export type RefresherState =
  | { state: 'none' }
  | { state: 'not_yet', validUntil: string | null }
  | { state: 'open', validUntil: string, expired: boolean }
  | { state: 'started', validUntil: string, expired: boolean, fromVersion: number, courseVersion: number, changed: RefresherLine[], carriedOver: RefresherLine[], sectionsLeft: { id: string, title: string }[] }
