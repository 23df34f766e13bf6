import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { setArchived } from '../../../../../services/scorm/scorm-packages'

const params = z.object({ id: uuidParam() })
const body = z.object({ archived: z.boolean() })

/** Hides a package from learners (or shows it again). Results already recorded stay. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const { id } = readParams(event, params)
  const { archived } = await readBodyAs(event, body)
  return { package: await setArchived(await useDb(), id, archived, user.id) }
})
