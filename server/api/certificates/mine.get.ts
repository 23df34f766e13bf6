import { verificationUrl } from '../../../shared/certificate-format'
import { listMyCertificates } from '../../services/certificates/certificates'

/** The signed-in learner's certificates, with where to download and check each (for the account and course home). */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const site = siteUrl(event)
  const certificates = await listMyCertificates(await useDb(), user.id)
  return {
    certificates: certificates.map(c => ({
      ...c,
      pdfUrl: c.status === 'valid' ? `/api/certificates/${c.code}/pdf` : null,
      verifyUrl: verificationUrl(site, c.code),
    })),
  }
})
