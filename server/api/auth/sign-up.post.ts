import { signUpSchema } from '#shared/schemas/auth'
import { signUp } from '../../services/accounts'

export default defineApiHandler(async (event) => {
  const body = await readBodyAs(event, signUpSchema)
  await signUp(await useDb(), body, siteUrl(event), requestClientKey(event))
  setResponseStatus(event, 202)
  // The same answer whether or not the email was already registered.
  return { message: 'Check your email: we have sent you a link to confirm your address.' }
})
