import { progressBatchSchema } from '#shared/schemas/progress'
import { DomainError } from '../../domain/errors'
import { enrolmentForSeatHolder } from '../../services/access'
import { applyProgressEvents } from '../../services/progress'

/** Saves a batch of progress events from the browser's queue. Replaying a batch changes nothing. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { events } = await readBodyAs(event, progressBatchSchema)
  const db = await useDb()
  const course = await useCourse(event)
  const enrolment = await enrolmentForSeatHolder(db, user.id, course.version)
  if (!enrolment) throw new DomainError('forbidden', 'You need a licence to save progress in this course.', { code: 'no_seat' })
  return { results: await applyProgressEvents(db, course, enrolment.id, events) }
})
