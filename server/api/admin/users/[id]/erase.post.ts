import { uuidParam } from '#shared/types/params'
import { z } from 'zod'
import { eraseUserSchema } from '#shared/types/admin'
import { eraseUser } from '../../../../services/accounts/user-erasure'

/** Erases a person's personal data (the request repeats their email address to confirm); audited. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam() }))
  const { confirmEmail } = await readBodyAs(event, eraseUserSchema)
  return eraseUser(await useDb(), user.id, id, confirmEmail)
})
