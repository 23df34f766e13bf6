import { z } from 'zod'
import { applyCommit, requireScormAccess } from '../../../../services/scorm-runtime'

const params = z.object({ id: z.uuid() })

/**
 * Stores a commit from the SCORM runtime. A bad element gets its SCORM error code in a 422 JSON answer
 * (`result: false`); a stale or repeated commit is acknowledged without changing anything.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParamsAs(event, params)
  const input = await readBodyAs(event, scormCommitBody, { maxBytes: MAX_COMMIT_BYTES })
  const db = await useDb()
  await requireScormAccess(db, user)
  const outcome = await applyCommit(db, { userId: user.id, attemptId: id, ...input })
  return commitAnswer(event, outcome)
})
