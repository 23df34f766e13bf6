import { z } from 'zod'
import { unsafePathReason } from '../../../../domain/scorm-zip'
import { contentTypeOf, findPackage } from '../../../../services/scorm-packages'
import { requireScormAccess } from '../../../../services/scorm-runtime'

const params = z.object({ packageId: z.uuid(), path: z.string().min(1).max(1024) })

/**
 * A file of an uploaded package, same-origin so the package can reach the runtime API in its parent
 * frame, and only for learners with access. Framing is allowed from this site only.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { packageId, path } = readParamsAs(event, params)
  // The router has already decoded %2F and %2E%2E: check the decoded path with the upload's own rules.
  if (unsafePathReason(path)) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const db = await useDb()
  await requireScormAccess(db, user)
  const pkg = await findPackage(db, packageId, { includeArchived: user.isAdmin })
  if (!pkg || !pkg.files.includes(path)) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const file = await useScormStorage().get(`${pkg.id}/${path}`)
  if (!file) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  setResponseHeaders(event, {
    'content-type': contentTypeOf(path),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'content-security-policy': 'frame-ancestors \'self\'',
    'cache-control': 'private, max-age=300',
    ...(file.size !== null ? { 'content-length': file.size } : {}),
  })
  return sendStream(event, file.body)
})
