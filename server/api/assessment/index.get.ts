import { assessmentOverview } from '../../services/assessment-completion/assessment'
import { serverNow } from '../../utils/clock'

/** Whether the final assessment is open to the learner, what is left before it is, and earlier marks. */
export default defineApiHandler(async (event) => {
  const { db, course, enrolment } = await requireEnrolment(event, 'to take the final assessment')
  return assessmentOverview(db, course, enrolment.id, serverNow())
})
