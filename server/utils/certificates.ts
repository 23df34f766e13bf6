import { readFile } from 'node:fs/promises'
import type { H3Event } from 'h3'
import { verificationUrl } from '../../shared/certificate-format'
import { loadCertificateFonts } from '../services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../services/certificates/certificate-pdf'
import type { Certificate } from '../services/certificates/certificates'

export type CertificateDesign = Pick<CertificateContent, 'issuerName' | 'outcomes' | 'signature'>

const signatures = new Map<string, Promise<Buffer | null>>()
/** The signature image, read once per path. A path that cannot be read is reported and the PDF goes without. */
function signatureImage(path: string): Promise<Buffer | null> {
  if (!path) return Promise.resolve(null)
  let image = signatures.get(path)
  if (!image) {
    image = readFile(path).catch((error: Error) => {
      console.error(`NUXT_CERTIFICATE_SIGNATURE_PATH: cannot read ${path} (${error.message}); certificates are drawn without a signature.`)
      return null
    })
    signatures.set(path, image)
  }
  return image
}

/** What every certificate shares: the issuer and signature (settings) and the course's learning outcomes (content). */
export async function certificateDesign(event: H3Event): Promise<CertificateDesign> {
  const { issuerName, signaturePath } = useRuntimeConfig().certificate
  const course = await useCourse(event)
  return { issuerName: issuerName.trim(), outcomes: course.outcomes, signature: await signatureImage(signaturePath) }
}

/** What the PDF of a current certificate shows, with this site's verification address. */
export function pdfContentOf(event: H3Event, certificate: Certificate, design: CertificateDesign = {}): CertificateContent {
  return {
    ...design,
    learnerName: certificate.learnerName!,
    courseTitle: certificate.courseTitle,
    completedAt: certificate.completedAt,
    issuedAt: certificate.issuedAt,
    cpdMinutes: certificate.cpdMinutes,
    code: certificate.code,
    verifyUrl: verificationUrl(siteUrl(event), certificate.code),
  }
}

/** Renders a certificate and sends it as a download, never cached by shared caches. */
export async function sendCertificatePdf(event: H3Event, certificate: Certificate) {
  const pdf = await renderCertificatePdf(pdfContentOf(event, certificate, await certificateDesign(event)), await loadCertificateFonts())
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="certificate-${certificate.code}.pdf"`,
    'cache-control': 'private, no-store',
  })
  return pdf
}
