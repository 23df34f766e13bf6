/**
 * Rules for the platform admin area, as pure functions: who may lose admin rights, what an erased
 * account looks like, when an erasure must wait, and how list searches and pages are read.
 */
import { DomainError } from '../platform/errors'
import type { PageInfo } from '#shared/types/admin'

export type { PageInfo } from '#shared/types/admin'

/** The name an erased account and its certificates carry instead of the person's. */
export const ERASED_NAME = 'Erased user'

/** An address that identifies nobody (`.invalid` can never be delivered) but stays unique per account. */
export function erasedEmail(userId: string): string {
  return `erased-${userId.toLowerCase()}@erased.invalid`
}

export function isErasedEmail(email: string): boolean {
  return /^erased-[0-9a-f-]{36}@erased\.invalid$/.test(email)
}

/** A password hash no password can match: argon2 never produces a string starting with `!`. */
export const ERASED_PASSWORD_HASH = '!erased'

export interface AdminChange {
  actorId: string
  targetId: string
  grant: boolean
  targetIsAdmin: boolean
  targetErased: boolean
  /** Admins there are now, counting the target if they are one. */
  adminCount: number
}

/** 'none' when the change is already in place (granting to an admin), otherwise 'change'; refusals throw. */
export function decideAdminChange(change: AdminChange): 'change' | 'none' {
  if (change.grant) {
    if (change.targetErased) throw new DomainError('conflict', 'This account has been erased, so it cannot be made an admin.', { code: 'erased' })
    return change.targetIsAdmin ? 'none' : 'change'
  }
  if (!change.targetIsAdmin) return 'none'
  if (change.actorId === change.targetId) {
    throw new DomainError('conflict', 'You cannot remove your own admin rights. Ask another admin to do it.', { code: 'own_admin_rights' })
  }
  if (change.adminCount <= 1) {
    throw new DomainError('conflict', 'This is the last admin. Make someone else an admin first.', { code: 'last_admin' })
  }
  return 'change'
}

/**
 * An erasure removes the person's manager memberships, so it waits while they are the only training lead of
 * an organisation: the admin appoints another lead first (the organisation would otherwise be left unmanaged).
 */
export function assertErasable(input: { actorId: string, targetId: string, soleManagerOf: readonly string[] }) {
  if (input.actorId === input.targetId) {
    throw new DomainError('conflict', 'You cannot erase your own account here. Ask another admin to do it.', { code: 'own_account' })
  }
  if (input.soleManagerOf.length) {
    const names = input.soleManagerOf.map(n => `"${n}"`).join(', ')
    throw new DomainError('conflict', `This person is the only training lead of ${names}. Appoint another training lead there first, then erase the account.`, {
      code: 'sole_manager',
      data: { organisations: [...input.soleManagerOf] },
    })
  }
}

/** Page numbers past the end show the last page (an item deleted meanwhile should not leave an empty page). */
export function pageInfo(total: number, page: number, pageSize: number): PageInfo & { offset: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const current = Math.min(Math.max(1, page), pages)
  return { total, page: current, pageSize, pages, offset: (current - 1) * pageSize }
}

/** A timestamp as ISO 8601 text, whatever form the driver gave it in (raw queries answer PostgreSQL's text). */
export function isoTime(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return new Date(value as string | Date).toISOString()
}
