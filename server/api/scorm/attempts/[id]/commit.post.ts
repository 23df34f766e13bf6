import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { applyCommit, requireScormAccess } from '../../../../services/scorm/scorm-runtime'

const params = z.object({ id: uuidParam() })

/**
 * Stores a commit from the SCORM runtime. A bad element gets its SCORM error code in a 422 JSON answer
 * (`result: false`); a stale or repeated commit is acknowledged without changing anything.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParams(event, params)
  const input = await readBodyAs(event, scormCommitBody, { maxBytes: MAX_COMMIT_BYTES })
  const db = await useDb()
  await requireScormAccess(db, user)
  const outcome = await applyCommit(db, { userId: user.id, attemptId: id, ...input })
  return commitAnswer(event, outcome)
})
