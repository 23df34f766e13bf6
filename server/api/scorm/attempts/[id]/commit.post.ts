import { z } from 'zod'
import { applyCommit, requireScormAccess } from '../../../../services/scorm-runtime'

const params = z.object({ id: z.uuid() })
const body = z.object({
  launch: z.number().int().min(1).max(1_000_000),
  seq: z.number().int().min(1).max(1_000_000_000),
  values: z.record(z.string().max(255), z.union([z.string(), z.number(), z.boolean()])),
  terminate: z.boolean().default(false),
}).strict()

/** Largest commit accepted: a full 2004 record (64,000-character suspend data and many interactions). */
const MAX_COMMIT_BYTES = 512 * 1024

/**
 * Stores a commit from the SCORM runtime. A bad element gets its SCORM error code in a 422 JSON answer
 * (`result: false`); a stale or repeated commit is acknowledged without changing anything.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParamsAs(event, params)
  const input = await readBodyAs(event, body, { maxBytes: MAX_COMMIT_BYTES })
  const db = await useDb()
  await requireScormAccess(db, user)
  const outcome = await applyCommit(db, { userId: user.id, attemptId: id, ...input })
  if (!outcome.result) {
    setResponseStatus(event, 422)
    return { result: false, errorCode: outcome.error.code, element: outcome.error.element, message: outcome.error.message }
  }
  return outcome
})
