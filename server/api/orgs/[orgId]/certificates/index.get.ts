import { listOrganisationCertificates } from '../../../../services/certificates/certificates'

/** The organisation's learners' certificates, for its training leads. */
export default defineApiHandler(async (event) => {
  const { organisationId } = await requireOrgRole(event, 'manager')
  const certificates = await listOrganisationCertificates(await useDb(), organisationId)
  return {
    certificates: certificates.map(c => ({
      ...c,
      pdfUrl: c.status === 'valid' ? `/api/orgs/${organisationId}/certificates/${c.code}/pdf` : null,
    })),
    zipUrl: `/api/orgs/${organisationId}/certificates.zip`,
  }
})
