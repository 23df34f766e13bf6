/**
 * The most progress events one request may carry: the browser's queue (player/queue.ts) batches to it and the
 * server's batch schema (shared/types/progress.ts) enforces it. A module of its own so neither imports the other.
 */
export const MAX_EVENTS_PER_BATCH = 100
