import { refresherState } from '../../services/assessment-completion/completion'

/** The signed-in learner's refresher: whether one can start, or the one under way and what changed since their version. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const [db, course] = await Promise.all([useDb(), useCourse(event)])
  return refresherState(db, course, user.id, serverNow())
})
