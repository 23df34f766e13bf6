import { adminCertificatesQuerySchema } from '#shared/types/admin'
import { listCertificates } from '../../../services/reports-admin/admin-lists'

/** Certificates, searched by code, name or email and filtered by status, a page at a time (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return listCertificates(await useDb(), readQueryAs(event, adminCertificatesQuerySchema))
})
