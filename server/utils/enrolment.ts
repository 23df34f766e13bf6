import type { H3Event } from 'h3'
import { DomainError } from '../domain/platform/errors'
import { enrolmentForReading, enrolmentForSeatHolder } from '../services/course-progress/access'
import { serverNow } from './clock'

/**
 * The signed-in learner's enrolment in the current course version, for routes that need a seat:
 * 401 without a session, 403 (code `no_seat`) without a seat. Also hands back the db and the course.
 * A GET never creates the enrolment (see enrolmentForReading): the learner's first save does.
 */
export async function requireEnrolment(event: H3Event, forWhat = 'to do this') {
  const { user } = requireUser(event)
  const [db, course] = await Promise.all([useDb(), useCourse(event)])
  const reading = event.method === 'GET' || event.method === 'HEAD'
  const enrolment = reading
    ? await enrolmentForReading(db, user.id, course.version)
    : await enrolmentForSeatHolder(db, user.id, course.version, serverNow())
  if (!enrolment) throw new DomainError('forbidden', `You need a licence ${forWhat}. The introduction is free.`, { code: 'no_seat' })
  return { user, db, course, enrolment }
}
