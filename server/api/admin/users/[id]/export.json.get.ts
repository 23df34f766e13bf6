import { uuidParam } from '#shared/types/params'
import { z } from 'zod'
import { exportUserData } from '../../../../services/accounts/user-export'

/** Everything held about one person, as a JSON download (a subject access request); audited. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, z.object({ id: uuidParam() }))
  const data = await exportUserData(await useDb(), user.id, id)
  setHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  setHeader(event, 'Content-Disposition', `attachment; filename="user-${id}.json"`)
  setHeader(event, 'Cache-Control', 'no-store')
  return JSON.stringify(data, null, 2)
})
