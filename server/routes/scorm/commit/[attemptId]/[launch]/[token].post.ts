import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { applyCommit, attemptOwnerId } from '../../../../../services/scorm/scorm-runtime'

const params = z.object({ attemptId: uuidParam(), launch: z.coerce.number().int().min(1).max(1_000_000), token: z.string().max(200) })

/**
 * A launch's last changes, sent by the package's frame itself as the page closes (the player page that
 * would have sent them is gone first). No session here: the address is signed for this launch of this
 * attempt only, and the commit goes through the same rules as any other, in order by its number.
 */
export default defineScormContentHandler(async (event) => {
  const { attemptId, launch } = requireScormContent(event, params, p => `${p.attemptId}/${p.launch}`)
  const input = await readBodyAs(event, scormCommitBody, { maxBytes: MAX_COMMIT_BYTES })
  if (input.launch !== launch) throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'This address is for another launch.' })
  const db = await useDb()
  const userId = await attemptOwnerId(db, attemptId)
  if (!userId) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  return commitAnswer(event, await applyCommit(db, { userId, attemptId, ...input }))
})
