import { emailOnlySchema } from '#shared/schemas/auth'
import { requestPasswordReset } from '../../services/accounts'

export default defineApiHandler(async (event) => {
  const { email } = await readBodyAs(event, emailOnlySchema)
  await requestPasswordReset(await useDb(), email, siteUrl(event))
  setResponseStatus(event, 202)
  return { message: 'If an account uses that address, we have sent it a link to reset the password. The link lasts one hour.' }
})
