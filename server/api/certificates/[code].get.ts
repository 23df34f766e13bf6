import { z } from 'zod'
import { certificateCodeParam } from '#shared/types/params'
import { DomainError } from '../../domain/platform/errors'
import { clientKey } from '../../domain/platform/rate-limit'
import { findCertificateByCode, verificationOf } from '../../services/certificates/certificates'
import { enforceRateLimit } from '../../services/platform/rate-limit'

/**
 * Public verification of a certificate code: the details as issued, or that it was revoked or replaced.
 * Lookups are rate-limited per client (in PostgreSQL); the answer says nothing about any other code.
 */
export default defineApiHandler(async (event) => {
  const { code } = readParams(event, z.object({ code: certificateCodeParam }))
  const db = await useDb()
  const limit = { scope: 'certificate-lookup', limit: Number(useRuntimeConfig(event).certificateLookupsPerMinute), windowMs: 60_000 }
  await enforceRateLimit(db, limit, clientKey(clientIp(event)), 'Too many certificate checks from your network. Wait a minute, then try again.')
  setResponseHeaders(event, { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' })
  const certificate = await findCertificateByCode(db, code)
  if (!certificate) {
    throw new DomainError('not_found', 'No certificate has this code. If you copied it exactly from the certificate, the certificate is not genuine.', { code: 'unknown' })
  }
  return verificationOf(certificate, serverNow())
})
