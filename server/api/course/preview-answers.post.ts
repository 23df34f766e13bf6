import { z } from 'zod'
import { gradePreviewAnswer } from '../../domain/course-progress/activity-views'

const id = z.string().min(1).max(100)
const Body = z.object({ activityId: id, questionId: id, answer: z.unknown() })

/** Marks an answer in the free introduction for anyone, without saving it: a taste of the course. */
export default defineApiHandler(async (event) => {
  const { activityId, questionId, answer } = await readBodyAs(event, Body)
  return gradePreviewAnswer(await useCourse(event), activityId, questionId, answer)
})
