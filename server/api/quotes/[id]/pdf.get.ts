import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { loadCertificateFonts } from '../../../services/certificates/certificate-fonts'
import { renderQuotePdf } from '../../../services/billing/quote-pdf'
import { findBuyerQuote } from '../../../services/billing/quotes'

/** A quote as a tagged PDF, for the finance team to raise a purchase order against. Its buyer only. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { id } = readParams(event, z.object({ id: uuidParam('There is no such quote.') }))
  const { quote, buyerName } = await findBuyerQuote(await useDb(), user.id, id)
  const settings = billingSettings()
  const pdf = await renderQuotePdf({ ...quote, buyerName, vatRatePercent: settings.vatRatePercent, supplier: settings.supplier }, await loadCertificateFonts())
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${quote.reference}.pdf"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  })
  return pdf
})
