/**
 * What the header and the account pages need to know about a signed-in person beyond who they are: whether
 * they hold a licence (to offer one once, not to everyone) and whether they have any SCORM course to open
 * (so "SCORM courses" is not a link to an empty page), and where a training lead's organisation link goes.
 */
import { isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { scormPackages } from '../../db/schema'
import { findAssignedSeat } from './access'
import { organisationLinkOf } from '../organisations/organisations'

export async function learnerNav(db: Db, user: { id: string, isAdmin: boolean }) {
  const [seat, organisationPath] = await Promise.all([findAssignedSeat(db, user.id), organisationLinkOf(db, user.id)])
  const hasLicence = seat !== null
  // The same rule as opening a package: admins and licence holders, and only when one is published.
  const mayOpenScorm = user.isAdmin || hasLicence
  const [anyPackage] = mayOpenScorm ? await db.select({ id: scormPackages.id }).from(scormPackages).where(isNull(scormPackages.archivedAt)).limit(1) : []
  return { hasLicence, hasScorm: anyPackage !== undefined, organisationPath }
}
