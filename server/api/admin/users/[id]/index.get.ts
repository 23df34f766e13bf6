import { uuidParam } from '#shared/types/params'
import { z } from 'zod'
import { adminUserDetail } from '../../../../services/reports-admin/admin-users'

/** One person's account, seats, progress, attempts, certificates and orders (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam() }))
  return adminUserDetail(await useDb(), id)
})
