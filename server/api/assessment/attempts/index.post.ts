import { startAttempt } from '../../../services/assessment'

/** Starts the final assessment (or resumes the unfinished attempt): the drawn questions, without keys. */
export default defineApiHandler(async (event) => {
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  return startAttempt(db, course, enrolment.id)
})
