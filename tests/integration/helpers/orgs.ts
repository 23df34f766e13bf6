import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { newSessionToken, sha256Bytes } from '../../../server/domain/platform/tokens'
import { Client, signedInClient, testSql, uniqueEmail } from './client'

/** A training lead (signed in through the real API) of a new organisation with `seats` free licences. */
export async function orgWithSeats(seats: number, label = 'lead') {
  const lead = await signedInClient(label)
  const orgId = await addOrganisation(lead.userId)
  await addSeats(orgId, seats)
  return { ...lead, orgId }
}

export async function addOrganisation(managerId: string, name = `Test Council ${randomUUID().slice(0, 6)}, Children's Services`) {
  const sql = testSql()
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${name}) returning id`
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${managerId}, 'manager')`
  return org!.id
}

/** Free licences, as a paid order's fulfilment makes them (without an order: tests of seats, not payments). */
export async function addSeats(orgId: string, count: number) {
  await testSql()`insert into seats (organisation_id, status) select ${orgId}, 'available' from generate_series(1, ${count}::int)`
}

export async function seatCounts(orgId: string): Promise<Record<string, number>> {
  const rows = await testSql()<{ status: string, n: number }[]>`select status, count(*)::int as n from seats where organisation_id = ${orgId} group by status`
  return { available: 0, invited: 0, assigned: 0, revoked: 0, ...Object.fromEntries(rows.map(r => [r.status, r.n])) }
}

/**
 * People with accounts and live sessions, made straight in the database (a session row holding the
 * SHA-256 of a fresh secret, as the server makes them), for races that need many signed-in people fast.
 */
export async function quickSignedInPeople(count: number, label = 'person') {
  const sql = testSql()
  const people = Array.from({ length: count }, () => ({ email: uniqueEmail(label), ...newSessionToken() }))
  const users = await sql<{ id: string, email: string }[]>`
    insert into users (email, name, password_hash, email_verified_at)
    select e, 'Quick ' || split_part(e, '@', 1), 'not-a-real-hash', now() from unnest(${people.map(p => p.email)}::text[]) as e
    returning id, email`
  const idByEmail = new Map(users.map(u => [u.email, u.id]))
  for (const p of people) {
    await sql`insert into sessions (id, secret_hash, user_id) values (${p.id}, ${Buffer.from(sha256Bytes(p.secret))}, ${idByEmail.get(p.email)!})`
  }
  return people.map((p) => {
    const client = new Client()
    client.cookies.set('__Host-session', p.token)
    return { client, email: p.email, userId: idByEmail.get(p.email)! }
  })
}

/** The token in the newest invitation email to an address (learner or manager). */
export async function invitationToken(email: string): Promise<string> {
  const [mail] = await testSql()<{ text: string }[]>`
    select text from email_outbox where "to" = ${email.trim().toLowerCase()} and template in ('seat-invitation', 'manager-invitation')
    order by created_at desc, id desc limit 1`
  const match = mail?.text.match(/\/invitation#token=([a-z2-7]+)/)
  if (!match) throw new Error(`No invitation email with a link for ${email}`)
  return match[1]!
}

/** Invites people through the API, checking it worked. */
export async function invite(lead: Client, orgId: string, emails: string[]) {
  const res = await lead.post(`/api/orgs/${orgId}/invitations`, { entries: emails.map(email => ({ email })) })
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`)
  return res.json
}

export async function openInvitationId(orgId: string, email: string) {
  const [row] = await testSql()<{ id: string }[]>`
    select id from invitations where organisation_id = ${orgId} and email = ${email.toLowerCase()} and accepted_at is null and revoked_at is null`
  return row?.id ?? null
}

export const baseUrl = () => inject('baseUrl')
