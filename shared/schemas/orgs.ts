import { z } from 'zod'
import { emailSchema, fullNameSchema, tokenField } from './auth'
import { multilineText, nameText, text } from './text'

// Shared by the organisation pages (instant messages) and the server (the check that counts).

/** The most people one batch (one CSV file, one pasted list) may invite. */
export const MAX_INVITATION_BATCH = 5000

export const LEARNER_STATUSES = ['invited', 'not_started', 'in_progress', 'completed'] as const
export type LearnerStatus = typeof LEARNER_STATUSES[number]

/** The columns the learners table can be sorted by: the server maps each to its own SQL, never the text. */
export const LEARNER_SORTS = ['name', 'email', 'status', 'progress', 'lastActive'] as const
export type LearnerSort = typeof LEARNER_SORTS[number]

export const LEARNER_PAGE_SIZES = [10, 25, 50, 100] as const

export const learnersQuerySchema = z.object({
  q: text().trim().max(200, 'Searches are at most 200 characters.').default(''),
  status: z.enum(LEARNER_STATUSES).optional(),
  sort: z.enum(LEARNER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
})
export type LearnersQuery = z.infer<typeof learnersQuerySchema>

/** A pasted list of people, checked before anything is sent. */
export const pastedInvitationsSchema = z.object({
  text: multilineText({ error: 'Enter at least one email address.' }).max(500_000, 'This list is too long. Split it, or upload a CSV file.'),
})

/** The people to invite, as the preview listed them. Addresses are checked by the preview's rules, not here. */
export const inviteLearnersSchema = z.object({
  entries: z.array(z.object({
    email: text().max(320),
    name: nameText().trim().max(120, 'Names are at most 120 characters.').nullish(),
  })).min(1, 'Choose at least one person to invite.').max(MAX_INVITATION_BATCH, `Invite at most ${MAX_INVITATION_BATCH} people at a time.`),
})

export const inviteManagerSchema = z.object({
  email: emailSchema,
  name: nameText().trim().max(120, 'Names are at most 120 characters.').optional(),
})

export const remindSchema = z.union([
  z.object({ seatIds: z.array(z.uuid()).min(1).max(MAX_INVITATION_BATCH) }),
  z.object({ audience: z.enum(['not_started', 'not_finished']) }),
])

/**
 * Accepting an invitation. Signed in as the invited person: the token alone. Otherwise the password of the
 * invited address's account, or, for someone new, a name and a password for the account to create.
 */
export const acceptInvitationSchema = z.object({
  token: tokenField,
  name: fullNameSchema.optional(),
  password: z.string().max(1000, 'That password is too long.').optional(),
})
