import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { listRegistrations } from '../../../../../services/scorm/scorm-reports'

const params = z.object({ id: uuidParam() })

/** Each learner's result for one package: the data admin reports are built from. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { id } = readParams(event, params)
  return { registrations: await listRegistrations(await useDb(), id) }
})
