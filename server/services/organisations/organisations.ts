import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { invitations, memberships, organisations, seats, users } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { seatCounts, type SeatCounts } from '../../domain/organisations/seats'
import { writeAudit } from '../platform/audit'

export type OrgRole = 'manager' | 'learner'

export async function isManagerOf(db: Db, userId: string, organisationId: string): Promise<boolean> {
  return (await orgRolesOf(db, userId, organisationId)).has('manager')
}

/** The roles a user has in an organisation (empty when they are not part of it). */
export async function orgRolesOf(db: Db, userId: string, organisationId: string): Promise<Set<OrgRole>> {
  const rows = await db.select({ role: memberships.role }).from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
  return new Set(rows.map(r => r.role))
}

/**
 * Where the header's "Your organisation" link leads a training lead (issue 19 item 13): straight to the
 * dashboard when they lead one organisation, to the list when they lead several, and nowhere otherwise.
 */
export async function organisationLinkOf(db: Db, userId: string): Promise<string | null> {
  const rows = await db.select({ id: memberships.organisationId }).from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'manager'))).limit(2)
  if (!rows.length) return null
  return rows.length === 1 ? `/org/${rows[0]!.id}` : '/org'
}

/**
 * Locks an organisation's row for the rest of the transaction, so that changes to who manages it or
 * to its invitations happen one at a time. `no key update` still lets other rows reference it.
 */
export async function lockOrganisation(tx: Db, organisationId: string) {
  const [org] = await tx.select({ id: organisations.id, name: organisations.name }).from(organisations)
    .where(eq(organisations.id, organisationId)).for('no key update')
  if (!org) throw new DomainError('not_found', 'There is no such organisation.')
  return org
}

/** Seat counts of one organisation, from its seat rows. */
export async function seatCountsOf(db: Db, organisationId: string): Promise<SeatCounts> {
  const rows = await db.select({ status: seats.status, n: sql<number>`count(*)::int` }).from(seats)
    .where(eq(seats.organisationId, organisationId)).groupBy(seats.status)
  return seatCounts(Object.fromEntries(rows.map(r => [r.status, r.n])))
}

/** The organisations a user manages, each with its seat counts, oldest first. */
export async function listManagedOrganisations(db: Db, userId: string) {
  const count = (status: string) => sql<number>`count(${seats.id}) filter (where ${seats.status} = ${status})::int`
  const rows = await db.select({
    id: organisations.id,
    name: organisations.name,
    available: count('available'),
    invited: count('invited'),
    assigned: count('assigned'),
    revoked: count('revoked'),
  })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(seats, eq(seats.organisationId, organisations.id))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'manager')))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.createdAt), asc(organisations.name))
  return rows.map(({ id, name, ...counts }) => ({
    id,
    name,
    seats: { total: counts.available + counts.invited + counts.assigned, ...counts },
  }))
}

/** Makes a user a manager (training lead) of an organisation; doing it twice changes nothing. */
export async function addManager(db: Db, organisationId: string, userId: string): Promise<boolean> {
  const added = await db.insert(memberships).values({ organisationId, userId, role: 'manager' })
    .onConflictDoNothing().returning({ userId: memberships.userId })
  return added.length > 0
}

export async function createOrganisation(db: Db, name: string) {
  const [org] = await db.insert(organisations).values({ name }).returning({ id: organisations.id })
  return org!.id
}

/** The training leads of an organisation, and the co-manager invitations still open. */
export async function managersOf(db: Db, organisationId: string, now = new Date()) {
  const managers = await db.select({ userId: users.id, name: users.name, email: users.email, since: memberships.createdAt })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'manager')))
    .orderBy(asc(memberships.createdAt), asc(users.name))
  const pending = await db.select({ id: invitations.id, email: invitations.email, name: invitations.name, sentAt: invitations.sentAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), eq(invitations.role, 'manager'), sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`))
    .orderBy(asc(invitations.createdAt))
  return { managers, invitations: pending.map(p => ({ ...p, expired: p.expiresAt <= now })) }
}

/**
 * A training lead steps down. The organisation's row is locked first, so two leads leaving at the same
 * moment are counted one after the other and the last one is always kept.
 */
export async function leaveOrganisation(db: Db, organisationId: string, userId: string) {
  await db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, organisationId)
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'manager'))) as [{ n: number }]
    if (n <= 1) {
      throw new DomainError('conflict', `You are the only training lead of ${org.name}, so you cannot leave it. Invite another training lead first.`, { code: 'last_manager' })
    }
    const removed = await tx.delete(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId), eq(memberships.role, 'manager')))
      .returning({ userId: memberships.userId })
    if (!removed.length) throw new DomainError('not_found', 'You are not a training lead of this organisation.')
    await writeAudit(tx, { actorId: userId, action: 'membership.manager_left', targetType: 'organisation', targetId: organisationId, details: { organisationId, userId } })
  })
}
