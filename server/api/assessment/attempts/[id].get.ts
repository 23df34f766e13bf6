import { z } from 'zod'
import { attemptView } from '../../../services/assessment'

const Params = z.object({ id: z.uuid({ error: 'There is no such assessment attempt.' }) })

/** One of the learner's own attempts: its questions, and its result once submitted. */
export default defineApiHandler(async (event) => {
  const { id } = readParamsAs(event, Params)
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  return attemptView(db, course, enrolment.id, id)
})
