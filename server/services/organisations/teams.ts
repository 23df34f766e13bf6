import { and, eq, inArray, sql } from 'drizzle-orm'
import type { OrgComplianceSettings, OrgTeam } from '#shared/orgs'
import type { Db } from '../../db/client'
import { queryRows, uniqueViolation } from '../../db/client'
import { organisations, seats, teams } from '../../db/schema'
import { dueInWeeks, ukToday } from '../../domain/organisations/compliance'
import { DomainError } from '../../domain/platform/errors'
import { writeAudit } from '../platform/audit'
import { lockOrganisation } from './organisations'

/**
 * An organisation's teams, due dates and compliance settings (docs/compliance.md). Every change names the
 * organisation in its WHERE clause, so a lead can only ever touch their own organisation's rows.
 */

export async function complianceSettings(db: Db, organisationId: string): Promise<OrgComplianceSettings> {
  const [row] = await db.select({
    defaultDueWeeks: organisations.defaultDueWeeks,
    remindersEnabled: organisations.remindersEnabled,
    reminderDaysBefore: organisations.reminderDaysBefore,
    certificateMonths: organisations.certificateMonths,
  }).from(organisations).where(eq(organisations.id, organisationId))
  if (!row) throw new DomainError('not_found', 'There is no such organisation.')
  return { ...row, certificateMonths: row.certificateMonths as OrgComplianceSettings['certificateMonths'] }
}

export async function updateComplianceSettings(db: Db, actorId: string, organisationId: string, settings: OrgComplianceSettings) {
  await db.update(organisations).set(settings).where(eq(organisations.id, organisationId))
  await writeAudit(db, { actorId, action: 'organisation.settings_changed', targetType: 'organisation', targetId: organisationId, details: { ...settings } })
  return settings
}

/** The teams with how many people (learners and open invitations) are in each, by name. */
export async function listTeams(db: Db, organisationId: string): Promise<OrgTeam[]> {
  return queryRows<OrgTeam>(db, sql`
    select t.id, t.name, count(s.id)::int as learners
    from teams t
    left join seats s on s.team_id = t.id and s.status in ('invited', 'assigned')
    where t.organisation_id = ${organisationId}
    group by t.id
    order by lower(t.name)`)
}

/** The ids of the named teams, made where missing ("residential" finds "Residential"). Keyed by lower-case name. */
export async function ensureTeams(tx: Db, organisationId: string, names: readonly string[]): Promise<Map<string, string>> {
  // The first spelling on the list names a new team ("Fostering North", then "fostering north": the first).
  const byKey = new Map<string, string>()
  for (const name of names) if (name.trim() && !byKey.has(name.trim().toLowerCase())) byKey.set(name.trim().toLowerCase(), name.trim())
  const wanted = [...byKey.values()]
  if (!wanted.length) return new Map()
  await tx.insert(teams).values(wanted.map(name => ({ organisationId, name }))).onConflictDoNothing()
  const found = await tx.select({ id: teams.id, name: teams.name }).from(teams)
    .where(and(eq(teams.organisationId, organisationId), inArray(sql`lower(${teams.name})`, wanted.map(n => n.toLowerCase()))))
  return new Map(found.map(t => [t.name.toLowerCase(), t.id]))
}

async function teamOf(tx: Db, organisationId: string, teamId: string) {
  const [team] = await tx.select({ id: teams.id, name: teams.name }).from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.organisationId, organisationId)))
  if (!team) throw new DomainError('not_found', 'There is no such team in this organisation.')
  return team
}

export async function renameTeam(db: Db, actorId: string, organisationId: string, teamId: string, name: string) {
  try {
    return await db.transaction(async (tx) => {
      const team = await teamOf(tx, organisationId, teamId)
      await tx.update(teams).set({ name }).where(eq(teams.id, team.id))
      await writeAudit(tx, { actorId, action: 'team.renamed', targetType: 'team', targetId: team.id, details: { organisationId, from: team.name, to: name } })
      return { id: team.id, name }
    })
  }
  catch (error) {
    if (uniqueViolation(error)) throw new DomainError('conflict', `There is already a team called "${name}". To put both teams together, merge them instead.`, { code: 'team_exists' })
    throw error
  }
}

/** Moves everyone in one team into another and removes the first. */
export async function mergeTeams(db: Db, actorId: string, organisationId: string, fromId: string, intoId: string) {
  if (fromId === intoId) throw new DomainError('invalid', 'Choose two different teams to merge.', { code: 'same_team' })
  return db.transaction(async (tx) => {
    await lockOrganisation(tx, organisationId)
    const from = await teamOf(tx, organisationId, fromId)
    const into = await teamOf(tx, organisationId, intoId)
    const moved = await tx.update(seats).set({ teamId: into.id }).where(eq(seats.teamId, from.id)).returning({ id: seats.id })
    await tx.delete(teams).where(eq(teams.id, from.id))
    await writeAudit(tx, { actorId, action: 'team.merged', targetType: 'team', targetId: into.id, details: { organisationId, from: from.name, into: into.name, moved: moved.length } })
    return { into: into.id, moved: moved.length }
  })
}

/**
 * Sets one person's team and due date (a learner's seat, or the seat held for an invitation). A team named
 * that does not exist yet is made; `team: null` takes them out of their team, `dueOn: null` clears the date.
 */
export async function setSeatCompliance(db: Db, actorId: string, organisationId: string, seatId: string, input: { team?: string | null, dueOn?: string | null }) {
  return db.transaction(async (tx) => {
    const [seat] = await tx.select({ id: seats.id }).from(seats)
      .where(and(eq(seats.id, seatId), eq(seats.organisationId, organisationId), inArray(seats.status, ['invited', 'assigned']))).for('update')
    if (!seat) throw new DomainError('not_found', 'There is no such learner in this organisation.')
    const change: { teamId?: string | null, dueOn?: string | null } = {}
    if (input.team !== undefined) change.teamId = input.team === null ? null : (await ensureTeams(tx, organisationId, [input.team])).get(input.team.toLowerCase())!
    if (input.dueOn !== undefined) change.dueOn = input.dueOn
    if (Object.keys(change).length) await tx.update(seats).set(change).where(eq(seats.id, seat.id))
    await writeAudit(tx, { actorId, action: 'seat.compliance_changed', targetType: 'seat', targetId: seat.id, details: { organisationId, ...input } })
    return { seatId: seat.id, ...change }
  })
}

/** A due date for everyone in a team who has not completed yet (open invitations included): a day, or N weeks from today. */
export async function setTeamDue(db: Db, actorId: string, organisationId: string, teamId: string, dueOn: string, courseVersion: number) {
  return db.transaction(async (tx) => {
    const team = await teamOf(tx, organisationId, teamId)
    const updated = await queryRows<{ id: string }>(tx, sql`
      update seats set due_on = ${dueOn}::date
      where seats.team_id = ${team.id} and seats.organisation_id = ${organisationId} and seats.status in ('invited', 'assigned')
        and not exists (select 1 from enrolments e where e.user_id = seats.assigned_user_id and e.course_version = ${courseVersion} and e.completed_at is not null)
      returning seats.id`)
    await writeAudit(tx, { actorId, action: 'team.due_set', targetType: 'team', targetId: team.id, details: { organisationId, dueOn, learners: updated.length } })
    return { dueOn, learners: updated.length }
  })
}

/**
 * Puts the seats just held for an invited list into their teams, with their due dates: each row's own, else
 * the organisation's default (N weeks from today), else none.
 */
export async function placeInvitedSeats(tx: Db, organisationId: string, rows: readonly { team: string | null, dueOn: string | null }[], seatIds: readonly string[], now: Date) {
  const [org] = await tx.select({ weeks: organisations.defaultDueWeeks }).from(organisations).where(eq(organisations.id, organisationId))
  const defaultDue = org?.weeks ? dueInWeeks(ukToday(now), org.weeks) : null
  if (!defaultDue && !rows.some(r => r.team || r.dueOn)) return
  const teamIds = await ensureTeams(tx, organisationId, rows.flatMap(r => r.team ? [r.team] : []))
  const values = rows.map((r, i) => ({ id: seatIds[i]!, team: r.team ? teamIds.get(r.team.toLowerCase()) ?? null : null, due: r.dueOn ?? defaultDue }))
  await tx.execute(sql`
    update seats set team_id = v.team, due_on = v.due
    from unnest(
      array[${sql.join(values.map(v => sql`${v.id}`), sql`, `)}]::uuid[],
      array[${sql.join(values.map(v => sql`${v.team}`), sql`, `)}]::uuid[],
      array[${sql.join(values.map(v => sql`${v.due}`), sql`, `)}]::date[]
    ) as v(id, team, due)
    where seats.id = v.id and seats.organisation_id = ${organisationId}`)
}
