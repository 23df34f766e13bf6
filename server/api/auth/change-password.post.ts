import { changePasswordSchema } from '#shared/types/auth'
import { changePassword } from '../../services/accounts/accounts'

export default defineApiHandler(async (event) => {
  const { user, session } = requireUser(event)
  const body = await readBodyAs(event, changePasswordSchema)
  await changePassword(await useDb(), { userId: user.id, sessionId: session.id, ...body }, signInGuard(event))
  return { message: 'Your password has been changed. Your other devices have been signed out.' }
})
