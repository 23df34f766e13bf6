import { z } from 'zod'
import { MAX_EVENTS_PER_BATCH } from '../player/batch-limit'
import { multilineText, text } from './text'

// Progress events, queued in the browser and sent in batches. Each carries a client-generated id,
// so a batch can be replayed any number of times and each event is applied once.
const base = {
  id: z.uuid({ error: 'Each event needs a UUID id.' }),
  at: z.number().int().nonnegative().max(8.64e15),
}
const id = z.string().min(1).max(100).regex(/^[a-z0-9-]+$/, 'ids are lower-case letters, digits and hyphens')

export const progressEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('position'), sectionId: id, anchor: text().max(200) }),
  z.object({ ...base, type: z.literal('reached-end'), sectionId: id }),
  z.object({ ...base, type: z.literal('time'), sectionId: id, seconds: z.number().int().min(0).max(60) }),
  z.object({ ...base, type: z.literal('answer'), activityId: id, questionId: id, answer: z.unknown() }),
  z.object({ ...base, type: z.literal('scenario-choice'), activityId: id, stepId: id, choiceId: id }),
  // Start a scenario again from its first step; the earlier run stays recorded.
  z.object({ ...base, type: z.literal('scenario-restart'), activityId: id }),
  z.object({ ...base, type: z.literal('reflection'), reflectionId: id, text: multilineText().max(5000, 'Reflections are at most 5,000 characters.') }),
], { error: 'Unknown event type.' })

export const progressBatchSchema = z.object({
  events: z.array(progressEventSchema).min(1, 'Send at least one event.').max(MAX_EVENTS_PER_BATCH, `Send at most ${MAX_EVENTS_PER_BATCH} events at a time.`),
})

export type ProgressEvent = z.infer<typeof progressEventSchema>

/** The server's answer for each event of a batch, in order. */
export type EventOutcome =
  | { id: string, status: 'applied' | 'duplicate', result: unknown }
  | { id: string, status: 'rejected', error: string }
