import { z } from 'zod'

// The admin completion report's filters: the page builds its links from them, the server checks them.

export const COMPLETION_STATUSES = ['not_started', 'in_progress', 'completed'] as const
export type CompletionStatus = typeof COMPLETION_STATUSES[number]

/** `individual` means learners on a licence of their own (no organisation). */
export const INDIVIDUAL_LEARNERS = 'individual'

const day = (what: string) => z.iso.date({ error: `The ${what} date must be a date like 2026-03-31.` })

export const completionReportQuerySchema = z.object({
  organisationId: z.union([z.uuid({ error: 'Choose an organisation from the list.' }), z.literal(INDIVIDUAL_LEARNERS)]).optional()
    .or(z.literal('').transform(() => undefined)),
  status: z.enum([...COMPLETION_STATUSES, 'all'], { error: 'The status must be not_started, in_progress, completed or all.' }).default('all'),
  from: day('start').optional().or(z.literal('').transform(() => undefined)),
  to: day('end').optional().or(z.literal('').transform(() => undefined)),
}).refine(q => !q.from || !q.to || q.from <= q.to, { message: 'The start date must be on or before the end date.', path: ['from'] })

export type CompletionReportQuery = z.infer<typeof completionReportQuerySchema>
