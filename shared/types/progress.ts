import { z } from 'zod'
import { MAX_EVENTS_PER_BATCH } from '../player/batch-limit'
import { multilineText, text } from './text'
import type { AnsweredQuestion } from './questions'
import type { ChoiceResult, PublicStep } from './scenarios'
import type { SectionStatus } from './sections'

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

export type ProgressEventType = ProgressEvent['type']

/** Where a section stands after an event that may have finished it. */
export interface SectionOutcome { sectionStatus: SectionStatus }

/**
 * What the server answers for a saved event, by event type. An event saved before (a retry) answers with what
 * was stored the first time, which for time is only `credited`.
 */
export interface ProgressResults {
  'position': null
  'reached-end': SectionOutcome
  /** Null for time in a section the course does not have (recorded, nothing credited). */
  'time': { credited: number, studied?: boolean, sectionStatus?: SectionStatus } | null
  /** The answer marked; `sectionStatus` when the question belongs to a section. */
  'answer': AnsweredQuestion & Partial<SectionOutcome>
  /** The choice's result in run `run`; `sectionStatus` once the run reached an ending in a section. */
  'scenario-choice': ChoiceResult & { run: number } & Partial<SectionOutcome>
  'scenario-restart': { run: number, start: PublicStep }
  'reflection': null
}

/** A saved event's answer (applied now, or a duplicate of one applied before): its result, by event type. */
export type SavedOutcome = { [T in ProgressEventType]: { id: string, type: T, status: 'applied' | 'duplicate', result: ProgressResults[T] } }[ProgressEventType]

/** The server's answer for each event of a batch, in order: saved with a typed result, or refused with a reason. */
export type EventOutcome =
  | SavedOutcome
  | { id: string, type: ProgressEventType, status: 'rejected', error: string }
