/** Uploading, listing and archiving SCORM packages. */
import { randomUUID } from 'node:crypto'
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import { contentType } from 'mime-types'
import type { Db } from '../../db/client'
import { scormPackages, scormRegistrations } from '../../db/schema'
import { DomainError } from '../../domain/platform/errors'
import { launchFileOf, parseManifest } from '../../domain/scorm/scorm-manifest'
import { archiveProblem, isDirectoryEntry, manifestPlacement, type ZipLimits } from '../../domain/scorm/scorm-zip'
import { writeAudit } from '../platform/audit'
import type { ScormStorage } from './scorm-storage'
import { openZip } from './scorm-zip-reader'

const MAX_MANIFEST_BYTES = 2 * 1024 * 1024
const refuse = (message: string) => new DomainError('rule', message, { code: 'scorm_package' })

export function contentTypeOf(path: string) {
  return contentType(path.split('/').pop() ?? '') || 'application/octet-stream'
}

/**
 * Checks an uploaded zip (already on disk, within the upload limit) and stores it: every rule in
 * server/domain/scorm/scorm-zip.ts, a manifest at the root that parses, and a launch file that exists.
 * Nothing is stored unless all of that holds; files stored before a failure are removed again.
 */
export async function importPackage(db: Db, storage: ScormStorage, input: { zipPath: string, sizeBytes: number, uploadedBy: string, limits: ZipLimits }) {
  const zip = await openZip(input.zipPath, input.limits.maxEntries)
  const id = randomUUID()
  const stored: string[] = []
  try {
    const problem = archiveProblem(zip.entries, input.limits)
    if (problem) throw refuse(problem)
    const files = zip.entries.filter(e => !isDirectoryEntry(e))
    const placement = manifestPlacement(files.map(f => f.name))
    if (placement.kind === 'subfolder') throw refuse(`imsmanifest.xml is inside the folder "${placement.folder}". Zip the contents of that folder, so the manifest is at the top of the zip.`)
    if (placement.kind === 'missing') throw refuse('The zip has no imsmanifest.xml, so it is not a SCORM package.')
    const manifestEntry = files.find(f => f.name === 'imsmanifest.xml')!
    if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES) throw refuse('imsmanifest.xml is larger than 2 MB.')
    const manifest = parseManifest((await zip.read(manifestEntry.raw, MAX_MANIFEST_BYTES)).toString('utf8'))
    const launchFile = launchFileOf(manifest.launchPath)
    if (!files.some(f => f.name === launchFile)) throw refuse(`The manifest launches "${launchFile}", which is not in the zip.`)

    for (const file of files) {
      const body = await zip.read(file.raw, input.limits.maxEntryBytes)
      await storage.put(`${id}/${file.name}`, body, contentTypeOf(file.name))
      stored.push(`${id}/${file.name}`)
    }
    const [row] = await db.insert(scormPackages).values({
      id,
      title: manifest.title,
      version: manifest.version,
      schemaVersion: manifest.schemaVersion,
      manifestIdentifier: manifest.identifier,
      organisationIdentifier: manifest.organisationIdentifier,
      scoIdentifier: manifest.scoIdentifier,
      launchPath: manifest.launchPath,
      masteryScaled: manifest.masteryScaled,
      completionThreshold: manifest.completionThreshold,
      launchData: manifest.launchData,
      objectiveIds: manifest.objectiveIds,
      files: files.map(f => f.name),
      sizeBytes: input.sizeBytes,
      uploadedBy: input.uploadedBy,
    }).returning()
    await writeAudit(db, { actorId: input.uploadedBy, action: 'scorm.package_uploaded', targetType: 'scorm_package', targetId: id, details: { title: manifest.title, version: manifest.version } })
    return row!
  }
  catch (error) {
    if (stored.length) await storage.remove(stored).catch(() => {})
    throw error
  }
  finally {
    zip.close()
  }
}

export async function findPackage(db: Db, id: string, opts: { includeArchived?: boolean } = {}) {
  const [row] = await db.select().from(scormPackages)
    .where(and(eq(scormPackages.id, id), opts.includeArchived ? undefined : isNull(scormPackages.archivedAt)))
  return row ?? null
}

/** Every package with how many learners started, completed and passed it: the admin's overview. */
export async function listPackagesForAdmin(db: Db) {
  const stats = db.select({
    packageId: scormRegistrations.packageId,
    learners: count().as('learners'),
    completed: sql<number>`count(*) filter (where ${scormRegistrations.completionStatus} = 'completed')`.mapWith(Number).as('completed'),
    passed: sql<number>`count(*) filter (where ${scormRegistrations.successStatus} = 'passed')`.mapWith(Number).as('passed'),
  }).from(scormRegistrations).groupBy(scormRegistrations.packageId).as('stats')
  const rows = await db.select({
    id: scormPackages.id,
    title: scormPackages.title,
    version: scormPackages.version,
    schemaVersion: scormPackages.schemaVersion,
    launchPath: scormPackages.launchPath,
    masteryScaled: scormPackages.masteryScaled,
    sizeBytes: scormPackages.sizeBytes,
    fileCount: sql<number>`jsonb_array_length(${scormPackages.files})`.mapWith(Number),
    createdAt: scormPackages.createdAt,
    archivedAt: scormPackages.archivedAt,
    learners: sql<number>`coalesce(${stats.learners}, 0)`.mapWith(Number),
    completed: sql<number>`coalesce(${stats.completed}, 0)`.mapWith(Number),
    passed: sql<number>`coalesce(${stats.passed}, 0)`.mapWith(Number),
  }).from(scormPackages).leftJoin(stats, eq(stats.packageId, scormPackages.id)).orderBy(desc(scormPackages.createdAt))
  return rows
}

export async function setArchived(db: Db, id: string, archived: boolean, actorId: string) {
  const [row] = await db.update(scormPackages).set({ archivedAt: archived ? new Date() : null })
    .where(eq(scormPackages.id, id)).returning({ id: scormPackages.id, archivedAt: scormPackages.archivedAt })
  if (!row) throw new DomainError('not_found', 'There is no such SCORM package.')
  await writeAudit(db, { actorId, action: archived ? 'scorm.package_archived' : 'scorm.package_restored', targetType: 'scorm_package', targetId: id, details: {} })
  return row
}
