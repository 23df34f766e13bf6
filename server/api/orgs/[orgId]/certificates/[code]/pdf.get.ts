import { z } from 'zod'
import { certificateCodeParam } from '#shared/types/params'
import { certificateOfOrganisation } from '../../../../../services/certificates/certificates'

/** A training lead downloads the certificate of one of their organisation's learners. */
export default defineApiHandler(async (event) => {
  const { organisationId } = await requireOrgRole(event, 'manager')
  const { code } = readParams(event, z.object({ code: certificateCodeParam }))
  const certificate = await certificateOfOrganisation(await useDb(), organisationId, code)
  return sendCertificatePdf(event, certificate)
})
