import { tokenSchema } from '#shared/schemas/auth'
import { verifyEmail } from '../../services/accounts'

export default defineApiHandler(async (event) => {
  const { token } = await readBodyAs(event, tokenSchema)
  await verifyEmail(await useDb(), token)
  return { message: 'Your email address is confirmed. You can sign in now.' }
})
