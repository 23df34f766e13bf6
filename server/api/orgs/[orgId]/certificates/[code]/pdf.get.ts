import { certificateOfOrganisation } from '../../../../../services/certificates'

/** A training lead downloads the certificate of one of their organisation's learners. */
export default defineApiHandler(async (event) => {
  const { organisationId } = await requireOrgRole(event, getRouterParam(event, 'orgId'), 'manager')
  const code = certificateCodeParam(event)
  const certificate = await certificateOfOrganisation(await useDb(), organisationId, code)
  return sendCertificatePdf(event, certificate)
})
