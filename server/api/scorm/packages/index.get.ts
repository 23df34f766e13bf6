import { listPackagesForLearner, requireScormAccess } from '../../../services/scorm/scorm-runtime'

/** The SCORM packages the signed-in learner can open, with their own progress in each. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const db = await useDb()
  await requireScormAccess(db, user)
  return { packages: await listPackagesForLearner(db, user.id) }
})
