import { startAttempt } from '../../../services/assessment-completion/assessment'
import { serverNow } from '../../../utils/clock'

/** Starts the final assessment (or resumes the unfinished attempt): the drawn questions, without keys. */
export default defineApiHandler(async (event) => {
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  // The retake rules read the server's clock (a test server may move it forward; see utils/clock.ts).
  return startAttempt(db, course, enrolment.id, serverNow())
})
