import { z } from 'zod'
import { emailSchema, fullNameSchema, tokenField } from './auth'
import { multilineText, nameText, text } from './text'

// Shared by the organisation pages (instant messages) and the server (the check that counts).

/** The most people one batch (one CSV file, one pasted list) may invite. */
export const MAX_INVITATION_BATCH = 5000

/** overdue, expiring_soon and expired are the compliance rules' (server/domain/organisations/compliance.ts, statusOf). */
export const LEARNER_STATUSES = ['invited', 'not_started', 'in_progress', 'overdue', 'completed', 'expiring_soon', 'expired'] as const
export type LearnerStatus = typeof LEARNER_STATUSES[number]

/** The columns the learners table can be sorted by: the server maps each to its own SQL, never the text. */
export const LEARNER_SORTS = ['name', 'email', 'status', 'progress', 'lastActive', 'due', 'team'] as const
export type LearnerSort = typeof LEARNER_SORTS[number]

export const LEARNER_PAGE_SIZES = [10, 25, 50, 100] as const

/** A team's id, or "none" for the learners in no team. */
export const teamFilterSchema = z.union([z.uuid(), z.literal('none')], { error: 'Choose a team from the list.' }).optional()

export const learnersQuerySchema = z.object({
  q: text().trim().max(200, 'Searches are at most 200 characters.').default(''),
  status: z.enum(LEARNER_STATUSES).optional(),
  team: teamFilterSchema,
  sort: z.enum(LEARNER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
})
export type LearnersQuery = z.infer<typeof learnersQuerySchema>

/** The dashboard's header, its charts and the report: everyone, or one team. */
export const reportQuerySchema = z.object({ team: teamFilterSchema })

/** A pasted list of people, checked before anything is sent. */
export const pastedInvitationsSchema = z.object({
  text: multilineText({ error: 'Enter at least one email address.' }).max(500_000, 'This list is too long. Split it, or upload a CSV file.'),
})

export const teamNameSchema = nameText().trim().min(1, 'Give the team a name.').max(80, 'Team names are at most 80 characters.')
export const dayField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')

/** The people to invite, as the preview listed them. Addresses are checked by the preview's rules, not here. */
export const inviteLearnersSchema = z.object({
  entries: z.array(z.object({
    email: text().max(320),
    name: nameText().trim().max(120, 'Names are at most 120 characters.').nullish(),
    team: teamNameSchema.nullish(),
    /** A due date as the lead wrote it, or as the preview worked it out (YYYY-MM-DD); the server reads it again. */
    due: text().trim().max(40, 'Write the due date as a date or a number of weeks.').nullish(),
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

// Compliance (docs/compliance.md): settings, teams and due dates.

export const complianceSettingsSchema = z.object({
  defaultDueWeeks: z.number().int().min(1, 'The default is at least 1 week.').max(104, 'The default is at most 104 weeks.').nullable(),
  remindersEnabled: z.boolean(),
  reminderDaysBefore: z.number().int().min(1, 'Remind at least 1 day before.').max(60, 'Remind at most 60 days before.'),
  certificateMonths: z.union([z.literal(12), z.literal(24), z.literal(36), z.null()], { error: 'Choose 12, 24 or 36 months, or "does not expire".' }),
})

export const renameTeamSchema = z.object({ name: teamNameSchema })
export const mergeTeamSchema = z.object({ into: z.uuid({ error: 'Choose the team to merge into.' }) })

/** A due date as a lead types it: a date, or "within 6 weeks" (read by the server's parseDue). */
const dueText = text().trim().min(1, 'Enter a date, or a number of weeks.').max(40, 'Write the due date as a date or a number of weeks.')
export const teamDueSchema = z.object({ due: dueText })

/** One person's team (by name; null takes them out) and due date (null clears it). Leave a field out to keep it. */
export const seatComplianceSchema = z.object({
  team: teamNameSchema.nullable().optional(),
  due: dueText.nullable().optional(),
})
