import type { H3Event } from 'h3'
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
