import { z } from 'zod'
import { launchPackage, requireScormAccess } from '../../../../services/scorm-runtime'

const params = z.object({ id: z.uuid() })

/** Starts or resumes the signed-in learner's attempt and returns what the runtime needs to load. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParamsAs(event, params)
  const db = await useDb()
  await requireScormAccess(db, user)
  return launchPackage(db, user, id)
})
