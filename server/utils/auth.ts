import type { H3Event } from 'h3'
import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { DomainError } from '../domain/platform/errors'
import { orgRolesOf, type OrgRole } from '../services/organisations/organisations'
import type { SessionUser, ValidSession } from '../services/accounts/sessions'

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

const orgParams = z.object({ orgId: uuidParam('There is no such organisation, or you are not part of it.', 'organisation_not_found') })

/**
 * The signed-in user, who must have `role` in the organisation named by the route's orgId. Someone outside the
 * organisation (or a malformed id) gets 404, as if it did not exist, so ids reveal nothing; a member without the
 * role gets 403. Signing in is checked first, so a stranger learns nothing about ids either.
 */
export async function requireOrgRole(event: H3Event, role: OrgRole) {
  const result = requireUser(event)
  const { orgId: organisationId } = readParams(event, orgParams)
  const roles = await orgRolesOf(await useDb(), result.user.id, organisationId)
  if (!roles.size) throw toHttpError(new DomainError('not_found', 'There is no such organisation, or you are not part of it.', { code: 'organisation_not_found' }))
  if (!roles.has(role)) {
    throw toHttpError(new DomainError('forbidden', role === 'manager' ? 'Only the organisation\'s training leads can do this.' : 'Only the organisation\'s learners can do this.', { code: role === 'manager' ? 'not_manager' : 'not_learner' }))
  }
  return { ...result, organisationId }
}
