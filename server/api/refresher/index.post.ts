import { refresherState, startRefresher } from '../../services/assessment-completion/completion'

/**
 * The learner starts their refresher: one of their organisation's licences is taken (once, however often this is
 * sent) and a new enrolment begins. 409 (code `no_licences`) when the organisation has none left.
 */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const [db, course] = await Promise.all([useDb(), useCourse(event)])
  const now = serverNow()
  const started = await startRefresher(db, course, { userId: user.id, by: 'learner', actorId: user.id }, now)
  return { outcome: started.outcome, refresher: await refresherState(db, course, user.id, now) }
})
