import { progressBatchSchema } from '#shared/types/progress'
import { applyProgressEvents, saveLonePosition } from '../../services/course-progress/progress'

/** Saves a batch of progress events from the browser's queue. Replaying a batch changes nothing. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  // The commonest save by far, one position, checks access and saves in one statement (issue 23, item 2).
  // Anything else, or a body that is not valid, takes the general path, which answers in the usual order.
  const [db, course, batch] = await Promise.all([useDb(), useCourse(event), readBodyAs(event, progressBatchSchema).catch(() => null)])
  const saved = batch && await saveLonePosition(db, course, user.id, batch.events, serverNow())
  if (saved) return { results: saved }
  const { enrolment } = await requireEnrolment(event, 'to save progress in this course')
  const { events } = await readBodyAs(event, progressBatchSchema)
  return { results: await applyProgressEvents(db, course, enrolment.id, events, siteUrl(event), serverNow()) }
})
