import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { unsafePathReason } from '../../../../../domain/scorm/scorm-zip'
import { contentTypeOf, findPackage } from '../../../../../services/scorm/scorm-packages'

const params = z.object({ packageId: uuidParam(), token: z.string().max(200), path: z.string().min(1).max(1024) })

/**
 * A file of an uploaded package, only on the content origin and only at an address signed at launch: no
 * session is read here (the content origin gets no cookies), so the signature is the access check.
 */
export default defineScormContentHandler(async (event) => {
  const { packageId, path } = requireScormContent(event, params, p => p.packageId)
  // The router has already decoded %2F and %2E%2E: check the decoded path with the upload's own rules.
  if (unsafePathReason(path)) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  // Archived since the launch: the signed address still ends within its hours, as a download would.
  const pkg = await findPackage(await useDb(), packageId, { includeArchived: true })
  if (!pkg || !pkg.files.includes(path)) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const file = await useScormStorage().get(`${pkg.id}/${path}`)
  if (!file) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  setResponseHeaders(event, {
    ...scormContentHeaders(),
    'content-type': contentTypeOf(path),
    'cache-control': 'private, max-age=300',
    ...(file.size !== null ? { 'content-length': file.size } : {}),
  })
  return sendStream(event, file.body)
})
