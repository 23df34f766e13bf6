import { signUpSchema } from '#shared/types/auth'
import { signUp, VERIFY_TTL_MS } from '../../services/accounts/accounts'

export default defineApiHandler(async (event) => {
  const body = await readBodyAs(event, signUpSchema)
  const proof = await signUp(await useDb(), body, siteUrl(event), requestClientKey(event))
  // Lets the confirmation link sign the person in, in this browser only (setSignUpCookie says why).
  setSignUpCookie(event, proof, VERIFY_TTL_MS / 1000)
  setResponseStatus(event, 202)
  // The same answer whether or not the email was already registered.
  return { message: 'Check your email: we have sent you a link to confirm your address.' }
})
