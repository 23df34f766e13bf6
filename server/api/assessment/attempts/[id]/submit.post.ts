import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { submitAttempt } from '../../../../services/assessment-completion/assessment'
import { serverNow } from '../../../../utils/clock'

const Params = z.object({ id: uuidParam('There is no such assessment attempt.') })
// Each answer is checked against its question by the grading rules; here only the outer shape.
const Body = z.object({
  answers: z.record(z.string().max(100), z.unknown()).refine(a => Object.keys(a).length <= 200, 'Too many answers.'),
})

/** Submits an attempt for marking. Idempotent: a retried submit returns the first result. */
export default defineApiHandler(async (event) => {
  const { id } = readParams(event, Params)
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  const { answers } = await readBodyAs(event, Body)
  return submitAttempt(db, course, enrolment.id, id, answers, serverNow(), siteUrl(event))
})
