import { progressSummary } from '../../services/course-progress/progress-summary'

/** The signed-in learner's progress through the course, for the course home. */
export default defineApiHandler(async (event) => {
  const { db, course, enrolment } = await requireEnrolment(event, 'to take this course')
  return progressSummary(db, course, enrolment)
})
