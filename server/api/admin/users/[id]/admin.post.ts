import { uuidParam } from '#shared/types/params'
import { z } from 'zod'
import { adminRightsSchema } from '#shared/types/admin'
import { setAdminRights } from '../../../../services/reports-admin/admin-users'

/** Makes someone an admin (`{ "admin": true }`) or removes their admin rights (`false`); audited. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam() }))
  const { admin } = await readBodyAs(event, adminRightsSchema)
  return setAdminRights(await useDb(), user.id, id, admin)
})
