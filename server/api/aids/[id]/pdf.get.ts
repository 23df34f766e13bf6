import { loadCertificateFonts } from '../../../services/certificates/certificate-fonts'
import { renderAidPdf } from '../../../services/course-progress/aid-pdf'
import { aidPath } from '../../../../shared/aids'

const startedAt = new Date()

/** A job aid as a tagged PDF download. Open to everyone, like the aid's page. */
export default defineApiHandler(async (event) => {
  const aid = await aidFromRoute(event)
  const pdf = await renderAidPdf({ ...aid, pageUrl: `${siteUrl(event)}${aidPath(aid.id)}`, date: startedAt }, await loadCertificateFonts())
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${aid.id}.pdf"`,
    'cache-control': 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  })
  return pdf
})
