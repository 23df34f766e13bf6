import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { attemptView } from '../../../services/assessment-completion/assessment'

const Params = z.object({ id: uuidParam('There is no such assessment attempt.') })

/** One of the learner's own attempts: its questions, and its result once submitted. */
export default defineApiHandler(async (event) => {
  const { id } = readParams(event, Params)
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  return attemptView(db, course, enrolment.id, id)
})
