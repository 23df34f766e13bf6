import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { memberships, organisations, seats } from '../db/schema'

export async function isManagerOf(db: Db, userId: string, organisationId: string): Promise<boolean> {
  const [row] = await db.select({ userId: memberships.userId }).from(memberships).where(and(
    eq(memberships.organisationId, organisationId),
    eq(memberships.userId, userId),
    eq(memberships.role, 'manager'),
  ))
  return Boolean(row)
}

export interface SeatCounts {
  /** Every seat ever bought for the organisation that has not been revoked. */
  total: number
  available: number
  invited: number
  assigned: number
  revoked: number
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
    seats: { total: counts.available + counts.invited + counts.assigned, ...counts } satisfies SeatCounts,
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
