import { and, eq } from 'drizzle-orm'
import type { H3Event } from 'h3'
import { z } from 'zod'
import { memberships } from '../db/schema'
import { DomainError } from '../domain/errors'
import type { SessionUser, ValidSession } from '../services/sessions'

declare module 'h3' {
  interface H3EventContext {
    session?: ValidSession | null
    user?: SessionUser | null
  }
}

/** The signed-in user, or a 401. Every protected route calls this (or requireAdmin) on the server. */
export function requireUser(event: H3Event): { user: SessionUser, session: ValidSession } {
  const session = event.context.session
  if (!session) throw toHttpError(new DomainError('unauthenticated', 'Please sign in to continue.'))
  return { user: session.user, session }
}

export function requireAdmin(event: H3Event) {
  const result = requireUser(event)
  if (!result.user.isAdmin) throw toHttpError(new DomainError('forbidden', 'Only platform administrators can do this.'))
  return result
}

const orgIdSchema = z.uuid()

/**
 * The signed-in user, if they hold `role` in the organisation. An organisation they have nothing to do with
 * (or a malformed id) is a 404, so ids reveal nothing; a member without the role gets a 403.
 */
export async function requireOrgRole(event: H3Event, organisationId: string | undefined, role: 'manager' | 'learner') {
  const result = requireUser(event)
  const notFound = toHttpError(new DomainError('not_found', 'There is no such organisation, or you are not one of its members.', { code: 'no_organisation' }))
  if (!orgIdSchema.safeParse(organisationId).success) throw notFound
  const db = await useDb()
  const roles = await db.select({ role: memberships.role }).from(memberships)
    .where(and(eq(memberships.organisationId, organisationId!), eq(memberships.userId, result.user.id)))
  if (!roles.length) throw notFound
  if (!roles.some(r => r.role === role)) {
    throw toHttpError(new DomainError('forbidden', role === 'manager' ? 'Only the organisation\'s training leads can do this.' : 'Only the organisation\'s learners can do this.'))
  }
  return { ...result, organisationId: organisationId! }
}
