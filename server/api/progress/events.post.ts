import { progressBatchSchema } from '#shared/schemas/progress'
import { applyProgressEvents } from '../../services/progress'

/** Saves a batch of progress events from the browser's queue. Replaying a batch changes nothing. */
export default defineApiHandler(async (event) => {
  const { db, course, enrolment } = await requireEnrolment(event, 'to save progress in this course')
  const { events } = await readBodyAs(event, progressBatchSchema)
  return { results: await applyProgressEvents(db, course, enrolment.id, events) }
})
