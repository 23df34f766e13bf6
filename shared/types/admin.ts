import { z } from 'zod'
import { text } from './text'

// Query strings of the admin lists, shared by the pages and the server (which answers 400 with the message).

export const ADMIN_PAGE_SIZES = [10, 25, 50, 100] as const

const q = text().trim().max(200, 'Searches are at most 200 characters.').default('')
const page = z.coerce.number({ error: 'The page must be a number.' }).int('The page must be a whole number.').min(1, 'Pages start at 1.').max(1_000_000, 'That page is too far.').default(1)
const pageSize = z.coerce.number({ error: 'The page size must be a number.' }).int('The page size must be a whole number.').min(1, 'Show at least 1 row.').max(100, 'Show at most 100 rows a page.').default(25)
/** Dates as YYYY-MM-DD (UK time); `to` includes the whole day. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written YYYY-MM-DD.').refine(s => !Number.isNaN(Date.parse(s)), 'That is not a real date.')

export const adminUsersQuerySchema = z.object({
  q,
  role: z.enum(['admin', 'manager', 'learner', 'none'], { error: 'Role is one of admin, manager, learner or none.' }).optional(),
  status: z.enum(['verified', 'unverified', 'erased'], { error: 'Status is one of verified, unverified or erased.' }).optional(),
  page,
  pageSize,
})
export type AdminUsersQuery = z.infer<typeof adminUsersQuerySchema>

export const adminOrganisationsQuerySchema = z.object({ q, page, pageSize })
export type AdminOrganisationsQuery = z.infer<typeof adminOrganisationsQuerySchema>

export const ADMIN_ORDER_STATUSES = ['pending', 'processing', 'invoiced', 'overdue', 'paid', 'failed', 'expired', 'refunded', 'void'] as const
/** How the admin orders list names each status filter ("overdue" is an invoiced order past its due date). */
export const ADMIN_ORDER_STATUS_LABELS: Record<typeof ADMIN_ORDER_STATUSES[number], string> = {
  pending: 'Checkout started',
  processing: 'Payment on its way',
  invoiced: 'Awaiting payment (invoice)',
  overdue: 'Overdue (invoice)',
  paid: 'Paid',
  failed: 'Not paid',
  expired: 'Checkout expired',
  refunded: 'Refunded',
  void: 'Invoice cancelled',
}
export const adminOrdersQuerySchema = z.object({
  q,
  status: z.enum(ADMIN_ORDER_STATUSES, { error: `Status is one of ${ADMIN_ORDER_STATUSES.join(', ')}.` }).optional(),
  payBy: z.enum(['card', 'invoice'], { error: 'Payment method is card or invoice.' }).optional(),
  kind: z.enum(['individual', 'organisation'], { error: 'Kind is individual or organisation.' }).optional(),
  page,
  pageSize,
})
export type AdminOrdersQuery = z.infer<typeof adminOrdersQuerySchema>

export const adminCertificatesQuerySchema = z.object({
  q,
  status: z.enum(['valid', 'revoked', 'superseded'], { error: 'Status is one of valid, revoked or superseded.' }).optional(),
  page,
  pageSize,
})
export type AdminCertificatesQuery = z.infer<typeof adminCertificatesQuerySchema>

export const adminAuditQuerySchema = z.object({
  q,
  action: z.string().trim().max(100, 'Actions are at most 100 characters.').regex(/^[a-z_.]*$/, 'Actions are written like certificate.revoked.').default(''),
  actor: z.enum(['system', 'people'], { error: 'Actor is system or people.' }).optional(),
  from: day.optional(),
  to: day.optional(),
  page,
  pageSize,
}).refine(v => !v.from || !v.to || v.from <= v.to, { message: 'The start date must be on or before the end date.', path: ['from'] })
export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>

export const adminRightsSchema = z.object({ admin: z.boolean({ error: 'Say whether the person should be an admin (true or false).' }) })

/** Erasing cannot be undone, so the request repeats the address being erased. */
export const eraseUserSchema = z.object({ confirmEmail: text({ error: 'Type the person\'s email address to confirm.' }).trim().toLowerCase().max(320) })

/** Admin lists: one page of rows and where it sits in the whole (the server searches, filters and pages in SQL). */
export interface PageInfo {
  total: number
  page: number
  pageSize: number
  pages: number
}
