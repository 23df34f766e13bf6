import type { Ref } from 'vue'
import type { PublicActivity, SectionLearnerState } from '#shared/types/sections'

/**
 * Whether the section is done (the server's word, from the page's saved state or from the results of
 * events saved during this visit) and, if not, what is left to do, in words. The server decides; this only
 * explains: the end reached, each quiz question answered correctly once, each scenario played to an ending,
 * and enough time spent in the section (said plainly, never as a countdown).
 */
export function useSectionCompletion(sectionId: string, activities: PublicActivity[], state: Ref<SectionLearnerState | null>, reachedEnd: Ref<boolean>) {
  const queue = useProgressQueueStore()
  const ids = new Set(activities.map(a => a.id))
  /** What the server answered for events saved during this visit. */
  const saved = computed(() => queue.settled.flatMap(({ event, outcome }) => outcome.status === 'rejected' ? [] : [{ event, outcome }]))
  const mine = (event: { type: string, sectionId?: string, activityId?: string }) =>
    ((event.type === 'reached-end' || event.type === 'time') && event.sectionId === sectionId) || (event.activityId !== undefined && ids.has(event.activityId))

  const done = computed(() => state.value?.status === 'completed' || saved.value.some(({ event, outcome }) =>
    mine(event) && outcome.result !== null && 'sectionStatus' in outcome.result && outcome.result.sectionStatus === 'completed'))

  const studied = computed(() => state.value?.studied || saved.value.some(({ event, outcome }) =>
    event.type === 'time' && event.sectionId === sectionId && outcome.type === 'time' && outcome.result?.studied === true))

  const remaining = computed(() => {
    const left: string[] = []
    if (!reachedEnd.value && !state.value?.contentReached) left.push('read to the end of the section')
    for (const activity of activities) {
      if (state.value?.completedActivities.includes(activity.id)) continue
      if (activity.type === 'quiz') {
        const right = new Set(Object.entries(state.value?.answers[activity.id] ?? {}).filter(([, a]) => a.correct).map(([id]) => id))
        saved.value.forEach(({ event, outcome }) => event.type === 'answer' && event.activityId === activity.id && outcome.type === 'answer' && outcome.result.correct && right.add(event.questionId))
        const count = activity.questions.filter(q => !right.has(q.id)).length
        if (count) left.push(`the quiz "${activity.title}": get ${count === 1 ? '1 more question' : `${count} more questions`} right (you can try again after the feedback)`)
      }
      else {
        const finished = saved.value.some(({ event, outcome }) =>
          event.type === 'scenario-choice' && event.activityId === activity.id && outcome.type === 'scenario-choice' && outcome.result.next.kind === 'ending')
        if (!finished) left.push(`the scenario "${activity.title}": play it to an ending`)
      }
    }
    if (!studied.value) left.push('a few more minutes reading this section')
    return left
  })

  return { done, remaining }
}
