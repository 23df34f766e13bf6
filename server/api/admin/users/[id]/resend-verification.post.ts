import { uuidParam } from '#shared/types/params'
import { z } from 'zod'
import { resendVerificationEmail } from '../../../../services/accounts/accounts'

/** Sends a new email-confirmation link to someone who has not confirmed their address yet; audited. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam() }))
  return resendVerificationEmail(await useDb(), id, siteUrl(event), user.id)
})
