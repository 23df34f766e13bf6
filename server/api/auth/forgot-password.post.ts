import { emailOnlySchema } from '#shared/types/auth'
import { requestPasswordReset } from '../../services/accounts/accounts'

/**
 * Every answer takes at least this long, registered address or not, so timing reveals nothing. The work itself
 * is a few queries (well under it); a reset link is never sent more than once a minute per account.
 */
const MIN_ANSWER_MS = 400

export default defineApiHandler(async (event) => {
  const { email } = await readBodyAs(event, emailOnlySchema)
  const db = await useDb()
  await answerAfterAtLeast(MIN_ANSWER_MS, requestPasswordReset(db, email, siteUrl(event)))
  setResponseStatus(event, 202)
  return { message: 'If an account uses that address, we have sent it a link to reset the password. The link lasts one hour.' }
})
