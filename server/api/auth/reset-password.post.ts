import { resetPasswordSchema } from '#shared/types/auth'
import { resetPassword } from '../../services/accounts/accounts'

export default defineApiHandler(async (event) => {
  const body = await readBodyAs(event, resetPasswordSchema)
  await resetPassword(await useDb(), body)
  return { message: 'Your password has been changed. Sign in with your new password.' }
})
