import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { launchPackage, requireScormAccess } from '../../../../services/scorm/scorm-runtime'

const params = z.object({ id: uuidParam() })

/**
 * Starts or resumes the signed-in learner's attempt and returns what the runtime needs to load: the learner's
 * data, and the signed address of the package's frame on the content origin (server/utils/scorm-origin.ts).
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParams(event, params)
  const db = await useDb()
  await requireScormAccess(db, user)
  const frameUrl = scormFrameUrl(id, getRequestURL(event, { xForwardedProto: useRuntimeConfig().trustProxy }).origin)
  const launched = await launchPackage(db, user, id)
  return { ...launched, launchUrl: frameUrl, contentOrigin: new URL(frameUrl).origin, exitUrl: scormExitUrl(launched.attemptId, launched.launch) }
})
