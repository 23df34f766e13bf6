import { revokeCertificateSchema } from '#shared/schemas/certificates'
import { revokeCertificate } from '../../../../services/certificates'
import { serverNow } from '../../../../utils/clock'

/** Revokes a certificate with a reason (admins): verification then says it was revoked, and when. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const code = certificateCodeParam(event)
  const { reason } = await readBodyAs(event, revokeCertificateSchema)
  return revokeCertificate(await useDb(), code, reason, user.id, serverNow())
})
