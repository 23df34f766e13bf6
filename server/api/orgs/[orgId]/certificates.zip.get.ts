import { loadCertificateFonts } from '../../../services/certificates/certificate-fonts'
import { certificatesZip } from '../../../services/certificates/certificate-zip'
import { downloadableOrganisationCertificates } from '../../../services/certificates/certificates'

/** Every downloadable certificate of the organisation's learners, as one zip streamed to the training lead. */
export default defineApiHandler(async (event) => {
  const { organisationId } = await requireOrgRole(event, 'manager')
  const rows = await downloadableOrganisationCertificates(await useDb(), organisationId)
  const design = await certificateDesign(event)
  const contents = rows.map(c => pdfContentOf(event, c, design))
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': 'attachment; filename="certificates.zip"',
    'cache-control': 'private, no-store',
  })
  return sendStream(event, certificatesZip(contents, await loadCertificateFonts()))
})
