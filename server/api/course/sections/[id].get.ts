import { z } from 'zod'
import { nameParam } from '#shared/types/params'
import { findSection } from '../../../domain/course-progress/catalog'
import { publicActivities } from '../../../domain/course-progress/activity-views'
import { DomainError } from '../../../domain/platform/errors'
import { enrolmentForReading } from '../../../services/course-progress/access'
import { learnerSeeds } from '../../../services/course-progress/shuffle-seeds'
import { sectionLearnerState } from '../../../services/course-progress/learner-state'

const NO_SUCH_SECTION = 'There is no such section in this course.'
const Params = z.object({ id: nameParam(NO_SUCH_SECTION) })

/**
 * One section's content and its activities (without answers). The free preview is open to everyone;
 * every other section needs a signed-in learner holding a seat. A seat holder also gets their own saved
 * state (`progress`), with feedback only for what they have already answered.
 */
export default defineApiHandler(async (event) => {
  const { id } = readParams(event, Params)
  const course = await useCourse(event)
  const section = findSection(course, id)
  if (!section) throw new DomainError('not_found', NO_SUCH_SECTION)
  const user = event.context.user
  const db = user ? await useDb() : null
  const enrolment = user && db ? await enrolmentForReading(db, user.id, course.version) : null
  if (!section.preview) {
    if (!user) throw new DomainError('unauthenticated', 'Please sign in to read this section.')
    if (!enrolment) throw new DomainError('forbidden', 'You need a licence to read this section. The introduction is free.', { code: 'no_seat' })
  }
  const index = course.sections.indexOf(section)
  const neighbour = (i: number) => course.sections[i] ? { id: course.sections[i]!.id, title: course.sections[i]!.title } : null
  return {
    id: section.id,
    title: section.title,
    order: section.order,
    minutes: section.minutes,
    preview: section.preview,
    description: section.description,
    outcomes: section.outcomes,
    anchors: section.anchors,
    body: section.body,
    // A learner sees options and choices in their own order; anyone else in one fixed shuffled order.
    activities: publicActivities(course, section, enrolment ? learnerSeeds(enrolment.id) : undefined),
    previousSection: neighbour(index - 1),
    nextSection: neighbour(index + 1),
    sectionCount: course.sections.length,
    progress: enrolment && db ? await sectionLearnerState(db, course, enrolment.id, section) : null,
  }
})
