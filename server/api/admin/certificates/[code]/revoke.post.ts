import { z } from 'zod'
import { certificateCodeParam } from '#shared/types/params'
import { revokeCertificateSchema } from '#shared/types/certificates'
import { revokeCertificate } from '../../../../services/certificates/certificates'
import { serverNow } from '../../../../utils/clock'

/** Revokes a certificate with a reason (admins): verification then says it was revoked, and when. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { code } = readParams(event, z.object({ code: certificateCodeParam }))
  const { reason } = await readBodyAs(event, revokeCertificateSchema)
  return revokeCertificate(await useDb(), code, reason, user.id, serverNow())
})
