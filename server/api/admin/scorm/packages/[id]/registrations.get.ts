import { z } from 'zod'
import { listRegistrations } from '../../../../../services/scorm-reports'

const params = z.object({ id: z.uuid() })

/** Each learner's result for one package: the data admin reports are built from. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { id } = readParamsAs(event, params)
  return { registrations: await listRegistrations(await useDb(), id) }
})
