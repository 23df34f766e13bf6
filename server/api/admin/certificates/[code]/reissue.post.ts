import { z } from 'zod'
import { certificateCodeParam } from '#shared/types/params'
import { reissueCertificateSchema } from '#shared/types/certificates'
import { reissueCertificate } from '../../../../services/certificates/certificates'
import { serverNow } from '../../../../utils/clock'

/** Reissues a certificate with a corrected name (admins): the old code then says superseded. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { code } = readParams(event, z.object({ code: certificateCodeParam }))
  const { learnerName, reason } = await readBodyAs(event, reissueCertificateSchema)
  return reissueCertificate(await useDb(), code, learnerName, reason, user.id, siteUrl(event), serverNow())
})
