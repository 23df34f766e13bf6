import { z } from 'zod'
import { adminUserDetail } from '../../../../services/admin-users'

/** One person's account, seats, progress, attempts, certificates and orders (admins only). */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { id } = readParamsAs(event, z.object({ id: z.uuid() }))
  return adminUserDetail(await useDb(), id)
})
